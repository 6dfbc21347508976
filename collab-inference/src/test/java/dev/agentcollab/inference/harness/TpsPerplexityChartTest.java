package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
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
