package dev.agentcollab.inference.harness;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * A one-line progress bar for terminals, redrawn in place with {@code \r}:
 * {@code throughput [#########.........]  12/32  37% 41.2 tok/s 0:07 left}. Redraws at most every
 * {@code minRedrawNanos} (and always at the end), so a fast stage does not flood the stream. Usually drawn on
 * {@link System#err} so that stdout stays machine-readable.
 *
 * <p>Not thread safe; driven by the harness thread.
 */
public final class TerminalProgressBar implements ProgressListener {
    private static final int WIDTH = 28;

    private final PrintStream out;
    private final Ticker ticker;
    private final long minRedrawNanos;
    private String stage = "";
    private long total = 1;
    private long started;
    private long lastDraw = Long.MIN_VALUE;
    private String lastLine = "";

    /**
     * Creates a bar.
     *
     * @param out where to draw
     * @param ticker the time source for the estimate and redraw throttling
     * @param minRedrawNanos minimum time between redraws (0 redraws on every update)
     */
    public TerminalProgressBar(PrintStream out, Ticker ticker, long minRedrawNanos) {
        this.out = Objects.requireNonNull(out, "out");
        this.ticker = Objects.requireNonNull(ticker, "ticker");
        if (minRedrawNanos < 0) {
            throw new IllegalArgumentException("minRedrawNanos must be >= 0, but was " + minRedrawNanos);
        }
        this.minRedrawNanos = minRedrawNanos;
    }

    /**
     * A bar on {@link System#err} with the system ticker, redrawn at most ten times a second.
     *
     * @return the bar
     */
    public static TerminalProgressBar onStderr() {
        return new TerminalProgressBar(System.err, Ticker.system(), 100_000_000L);
    }

    @Override
    public void start(String newStage, long newTotal) {
        this.stage = Objects.requireNonNull(newStage, "stage");
        this.total = Math.max(1, newTotal);
        this.started = ticker.nanos();
        this.lastDraw = Long.MIN_VALUE;
        draw(0, "", true);
    }

    @Override
    public void advance(long done, String detail) {
        draw(done, detail, done >= total);
    }

    @Override
    public void finish() {
        out.print('\n');
        out.flush();
    }

    /**
     * The most recently drawn line (without the leading carriage return).
     *
     * @return the line
     */
    public String lastLine() {
        return lastLine;
    }

    /**
     * Renders one bar line.
     *
     * @param stage the stage name
     * @param done units done
     * @param total units in all
     * @param detail a live figure or empty
     * @param elapsedNanos time since the stage started
     * @return the line
     */
    static String render(String stage, long done, long total, String detail, long elapsedNanos) {
        long clamped = Math.max(0, Math.min(done, total));
        int filled = (int) (WIDTH * clamped / total);
        String bar = "#".repeat(filled) + ".".repeat(WIDTH - filled);
        long pct = 100 * clamped / total;
        String eta = clamped == 0 || clamped == total
                ? ""
                : " " + clock(elapsedNanos * (total - clamped) / clamped) + " left";
        String tail = detail.isEmpty() ? "" : " " + detail;
        return String.format(Locale.ROOT, "%-12s [%s] %d/%d %3d%%%s%s", stage, bar, clamped, total, pct, tail, eta);
    }

    private void draw(long done, String detail, boolean force) {
        long now = ticker.nanos();
        if (!force && lastDraw != Long.MIN_VALUE && now - lastDraw < minRedrawNanos) {
            return;
        }
        lastDraw = now;
        lastLine = render(stage, done, total, detail, now - started);
        out.print('\r' + lastLine);
        out.flush();
    }

    private static String clock(long nanos) {
        long s = nanos / 1_000_000_000L;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
