package dev.agentcollab.inference.harness;

import java.io.PrintStream;
import java.util.Locale;
import java.util.Objects;

/**
 * A one-line progress bar for terminals, redrawn in place with {@code \r}:
 * {@code throughput [#########.........]  12/32  37% 41.2 tok/s 0:07 left}. Redraws at most every
 * {@code minRedrawNanos} (and always at the end), so a fast stage does not flood the stream. Usually drawn on
 * {@link System#err} so that stdout stays machine-readable. Where the output is no terminal (an LLM agent's tool,
 * a log), {@link #forStream} gives a bar that prints whole lines instead: one when a stage ends and one at most every
 * {@link #LINE_INTERVAL_NANOS} while it runs, so that a long run does not fill the reader's context with redraws.
 *
 * <p>Not thread safe; driven by the harness thread.
 */
public final class TerminalProgressBar implements ProgressListener {
    private static final int WIDTH = 28;

    /** In line mode, the least time between two lines of a running stage: 10 seconds. */
    public static final long LINE_INTERVAL_NANOS = 10_000_000_000L;

    private final PrintStream out;
    private final Ticker ticker;
    private final long minRedrawNanos;
    private String stage = "";
    private long total = 1;
    private long started;
    private long lastDraw = Long.MIN_VALUE;
    private String lastLine = "";
    private final boolean lines;
    /** Line mode: whether this stage printed a line, and whether it printed its end (then nothing more). */
    private boolean printedInStage;

    private boolean stageEnded;

    /**
     * Creates a bar.
     *
     * @param out where to draw
     * @param ticker the time source for the estimate and redraw throttling
     * @param minRedrawNanos minimum time between redraws (0 redraws on every update)
     */
    public TerminalProgressBar(PrintStream out, Ticker ticker, long minRedrawNanos) {
        this(out, ticker, minRedrawNanos, false);
    }

    private TerminalProgressBar(PrintStream out, Ticker ticker, long minRedrawNanos, boolean lines) {
        this.lines = lines;
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

    /**
     * The bar for a stream: redrawn in place, ten times a second at most, on a terminal; else whole lines (a stage's
     * end, and every {@link #LINE_INTERVAL_NANOS} while it runs).
     *
     * @param out where to draw
     * @param ticker the time source
     * @param terminal whether {@code out} is shown on a terminal ({@link #interactive()})
     * @return the bar
     */
    public static TerminalProgressBar forStream(PrintStream out, Ticker ticker, boolean terminal) {
        return terminal
                ? new TerminalProgressBar(out, ticker, 100_000_000L)
                : new TerminalProgressBar(out, ticker, LINE_INTERVAL_NANOS, true);
    }

    /**
     * Whether this JVM's standard streams are a terminal: a console exists and, on Java 22 and later (where one
     * exists also for redirected streams), says it is a terminal.
     *
     * @return whether progress may be redrawn in place
     */
    public static boolean interactive() {
        java.io.Console console = System.console();
        if (console == null) {
            return false;
        }
        try {
            return (Boolean) java.io.Console.class.getMethod("isTerminal").invoke(console);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return true; // Java 21: a console exists only for a terminal
        }
    }

    @Override
    public void start(String newStage, long newTotal) {
        this.stage = Objects.requireNonNull(newStage, "stage");
        this.total = Math.max(1, newTotal);
        this.started = ticker.nanos();
        this.printedInStage = false;
        this.stageEnded = false;
        if (lines) {
            lastDraw = started; // the first line comes after an interval, or at the stage's end
            lastLine = render(stage, 0, total, "", 0);
        } else {
            lastDraw = Long.MIN_VALUE;
            draw(0, "", true);
        }
    }

    @Override
    public void advance(long done, String detail) {
        draw(done, detail, done >= total);
    }

    @Override
    public void finish() {
        if (lines) {
            if (!printedInStage) {
                out.print(lastLine + '\n');
            }
            stageEnded = true;
        } else {
            out.print('\n');
        }
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
        if (stageEnded || !force && lastDraw != Long.MIN_VALUE && now - lastDraw < minRedrawNanos) {
            return;
        }
        lastDraw = now;
        lastLine = render(stage, done, total, detail, now - started);
        if (lines) {
            out.print(lastLine + '\n');
            printedInStage = true;
            stageEnded = done >= total;
        } else {
            out.print('\r' + lastLine);
        }
        out.flush();
    }

    private static String clock(long nanos) {
        long s = nanos / 1_000_000_000L;
        return String.format(Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
