package dev.agentcollab.inference.harness;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;

/**
 * Draws tokens/s (x) against perplexity (y) for all submissions as a PNG, with the perplexity cap as a dashed
 * red line: green filled dots are lossless, orange hollow dots lossy, red dots above the cap. Uses only
 * {@code java.awt} off-screen drawing, so it works headless ({@code -Djava.awt.headless=true}).
 *
 * <p>Stateless and thread safe.
 */
public final class TpsPerplexityChart {
    private static final int W = 960;
    private static final int H = 600;
    private static final int LEFT = 80;
    private static final int RIGHT = 30;
    private static final int TOP = 50;
    private static final int BOTTOM = 60;
    private static final Color LOSSLESS = new Color(0x2e7d32);
    private static final Color LOSSY = new Color(0xef6c00);
    private static final Color INVALID = new Color(0xc62828);

    private TpsPerplexityChart() {}

    /**
     * Renders the chart into an image.
     *
     * @param title the chart title
     * @param points the submissions (at least one)
     * @param pplCap the perplexity cap to draw, if any
     * @return the image
     */
    public static BufferedImage render(String title, List<ChartPoint> points, OptionalDouble pplCap) {
        if (points.isEmpty()) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "nothing to chart: no submissions");
        }
        double maxTps = points.stream().mapToDouble(ChartPoint::tps).max().orElseThrow() * 1.1;
        double minPpl = points.stream().mapToDouble(ChartPoint::ppl).min().orElseThrow();
        double maxPpl = points.stream().mapToDouble(ChartPoint::ppl).max().orElseThrow();
        if (pplCap.isPresent()) {
            minPpl = Math.min(minPpl, pplCap.getAsDouble());
            maxPpl = Math.max(maxPpl, pplCap.getAsDouble());
        }
        double pad = Math.max((maxPpl - minPpl) * 0.15, maxPpl * 0.01);
        Axis x = new Axis(0, maxTps, LEFT, W - RIGHT);
        Axis y = new Axis(Math.max(0, minPpl - pad), maxPpl + pad, H - BOTTOM, TOP);

        BufferedImage img = new BufferedImage(W, H, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = img.createGraphics();
        try {
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, W, H);
            drawAxes(g, x, y, title);
            pplCap.ifPresent(cap -> {
                g.setColor(INVALID);
                g.setStroke(
                        new BasicStroke(1.5f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10, new float[] {8, 6}, 0));
                int py = y.px(cap);
                g.drawLine(LEFT, py, W - RIGHT, py);
                g.drawString(String.format(Locale.ROOT, "PPL cap %.4f", cap), W - RIGHT - 120, py - 6);
            });
            g.setStroke(new BasicStroke(2f));
            for (ChartPoint p : points) {
                boolean valid = pplCap.isEmpty() || p.ppl() <= pplCap.getAsDouble();
                int px = x.px(p.tps());
                int py = y.px(p.ppl());
                g.setColor(!valid ? INVALID : p.lossless() ? LOSSLESS : LOSSY);
                if (valid && p.lossless()) {
                    g.fillOval(px - 6, py - 6, 12, 12);
                } else {
                    g.drawOval(px - 6, py - 6, 12, 12);
                }
                g.setColor(Color.DARK_GRAY);
                g.drawString(p.label(), px + 9, py - 8);
            }
        } finally {
            g.dispose();
        }
        return img;
    }

    /**
     * Renders the chart and writes it as a PNG.
     *
     * @param file the target file (parent directories are created)
     * @param title the chart title
     * @param points the submissions
     * @param pplCap the perplexity cap to draw, if any
     * @return the file
     * @throws CollabException {@link ErrorCode#INTERNAL} when writing fails
     */
    public static Path write(Path file, String title, List<ChartPoint> points, OptionalDouble pplCap) {
        BufferedImage img = render(title, points, pplCap);
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            if (!ImageIO.write(img, "png", file.toFile())) {
                throw new IOException("no PNG writer available");
            }
            return file;
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INTERNAL, "cannot write chart " + file)
                    .withCause(e);
        }
    }

    private static void drawAxes(Graphics2D g, Axis x, Axis y, String title) {
        g.setColor(Color.BLACK);
        g.setFont(new Font(Font.SANS_SERIF, Font.BOLD, 16));
        g.drawString(title, LEFT, TOP - 20);
        g.setFont(new Font(Font.SANS_SERIF, Font.PLAIN, 12));
        g.drawLine(LEFT, H - BOTTOM, W - RIGHT, H - BOTTOM);
        g.drawLine(LEFT, TOP, LEFT, H - BOTTOM);
        for (double t : x.ticks()) {
            int px = x.px(t);
            g.setColor(new Color(0xeeeeee));
            g.drawLine(px, TOP, px, H - BOTTOM - 1);
            g.setColor(Color.BLACK);
            g.drawLine(px, H - BOTTOM, px, H - BOTTOM + 5);
            g.drawString(Axis.label(t), px - 12, H - BOTTOM + 20);
        }
        for (double t : y.ticks()) {
            int py = y.px(t);
            g.setColor(new Color(0xeeeeee));
            g.drawLine(LEFT + 1, py, W - RIGHT, py);
            g.setColor(Color.BLACK);
            g.drawLine(LEFT - 5, py, LEFT, py);
            g.drawString(Axis.label(t), LEFT - 60, py + 4);
        }
        g.drawString("tokens / s (completion tokens / wall time)", (W - 240) / 2, H - 15);
        g.drawString("perplexity", 10, TOP - 5);
    }

    /** A linear axis mapping data values to pixels, with "nice" ticks (1, 2, 5 × 10^n). */
    private record Axis(double min, double max, int from, int to) {
        int px(double v) {
            double span = max - min == 0 ? 1 : max - min;
            return (int) Math.round(from + (v - min) / span * (to - from));
        }

        double[] ticks() {
            double span = max - min == 0 ? 1 : max - min;
            double raw = span / 6;
            double mag = Math.pow(10, Math.floor(Math.log10(raw)));
            double step = raw / mag < 2 ? 2 * mag : raw / mag < 5 ? 5 * mag : 10 * mag;
            double first = Math.ceil(min / step) * step;
            int n = (int) Math.floor((max - first) / step) + 1;
            double[] out = new double[Math.max(0, n)];
            for (int i = 0; i < out.length; i++) {
                out[i] = first + i * step;
            }
            return out;
        }

        static String label(double v) {
            return Math.abs(v - Math.rint(v)) < 1e-9
                    ? String.valueOf((long) Math.rint(v))
                    : String.format(Locale.ROOT, "%.3g", v);
        }
    }
}
