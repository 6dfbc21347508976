package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.OptionalDouble;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TpsPerplexityChartTest {

    @Test
    void writesADecodablePngWithAllPointKinds(@TempDir Path dir) throws Exception {
        System.setProperty("java.awt.headless", "true");
        List<ChartPoint> points = List.of(
                ChartPoint.of(Summaries.of("baseline", 44, 2.30, true)),
                ChartPoint.of(Summaries.of("mtp", 130, 2.31, true)),
                ChartPoint.of(Summaries.of("pruned", 250, 2.40, false)),
                ChartPoint.of(Summaries.of("int2", 400, 3.1, false)));

        Path png =
                TpsPerplexityChart.write(dir.resolve("charts/tps.png"), "TPS vs PPL", points, OptionalDouble.of(2.415));

        assertTrue(Files.size(png) > 1000);
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(960, img.getWidth());
        assertEquals(600, img.getHeight());
        assertTrue(hasColor(img, 0x2e7d32), "lossless points are green");
        assertTrue(hasColor(img, 0xef6c00), "lossy points are orange");
        assertTrue(hasColor(img, 0xc62828), "the cap line and invalid points are red");

        // where things are, not only that they exist: the cap is a dashed red line across the plot area (x 80..930);
        // points sit left to right by tokens/s and bottom to top by perplexity; lossless dots are filled, lossy hollow
        int capRow = fullestRow(img, 0xc62828);
        long capPixels = countInRow(img, capRow, 0xc62828);
        assertTrue(capPixels > 850 * 0.4 && capPixels < 850 * 0.9, "a dashed line across the plot: " + capPixels);
        List<double[]> green = blobs(img, 0x2e7d32, -1);
        List<double[]> orange = blobs(img, 0xef6c00, -1);
        List<double[]> red = blobs(img, 0xc62828, capRow);
        assertEquals(2, green.size(), "baseline and mtp");
        assertEquals(1, orange.size(), "pruned");
        assertEquals(1, red.size(), "int2 is above the cap");
        double[] baseline = green.get(0);
        double[] mtp = green.get(1);
        double[] pruned = orange.get(0);
        double[] int2 = red.get(0);
        assertTrue(baseline[0] < mtp[0] && mtp[0] < pruned[0] && pruned[0] < int2[0], "x follows tokens/s");
        assertEquals(80 + 850 * 44 / 440.0, baseline[0], 3, "x = 0 at the axis, the largest tps at 1/1.1 of it");
        assertEquals(80 + 850 * 400 / 440.0, int2[0], 3);
        assertTrue(baseline[1] > pruned[1] && pruned[1] > capRow && capRow > int2[1], "y grows with perplexity");
        assertTrue(baseline[1] >= mtp[1], "2.30 is not above 2.31");
        assertEquals(
                0x2e7d32,
                img.getRGB((int) Math.round(baseline[0]), (int) Math.round(baseline[1])) & 0xffffff,
                "lossless dots are filled");
        assertNotEquals(
                0xef6c00,
                img.getRGB((int) Math.round(pruned[0]), (int) Math.round(pruned[1])) & 0xffffff,
                "lossy dots are hollow");
    }

    private static int fullestRow(BufferedImage img, int rgb) {
        int best = -1;
        long bestCount = -1;
        for (int y = 0; y < img.getHeight(); y++) {
            long c = countInRow(img, y, rgb);
            if (c > bestCount) {
                bestCount = c;
                best = y;
            }
        }
        return best;
    }

    private static long countInRow(BufferedImage img, int y, int rgb) {
        long c = 0;
        for (int x = 0; x < img.getWidth(); x++) {
            c += (img.getRGB(x, y) & 0xffffff) == rgb ? 1 : 0;
        }
        return c;
    }

    /**
     * Groups the pixels of one colour into blobs by columns (a gap of more than 3 columns starts a new blob), leaving
     * out the rows of the cap line and its label when {@code capRow >= 0}; returns each blob's mean x and y, by x.
     */
    private static List<double[]> blobs(BufferedImage img, int rgb, int capRow) {
        List<double[]> out = new java.util.ArrayList<>();
        double sx = 0;
        double sy = 0;
        int n = 0;
        int lastX = -10;
        for (int x = 0; x < img.getWidth(); x++) {
            for (int y = 0; y < img.getHeight(); y++) {
                boolean skip = capRow >= 0 && y >= capRow - 22 && y <= capRow + 3;
                if (skip || (img.getRGB(x, y) & 0xffffff) != rgb) {
                    continue;
                }
                if (x - lastX > 3 && n > 0) {
                    out.add(new double[] {sx / n, sy / n});
                    sx = 0;
                    sy = 0;
                    n = 0;
                }
                sx += x;
                sy += y;
                n++;
                lastX = x;
            }
        }
        if (n > 0) {
            out.add(new double[] {sx / n, sy / n});
        }
        return out;
    }

    private static boolean hasColor(BufferedImage img, int rgb) {
        for (int y = 0; y < img.getHeight(); y++) {
            for (int x = 0; x < img.getWidth(); x++) {
                if ((img.getRGB(x, y) & 0xffffff) == rgb) {
                    return true;
                }
            }
        }
        return false;
    }
}
