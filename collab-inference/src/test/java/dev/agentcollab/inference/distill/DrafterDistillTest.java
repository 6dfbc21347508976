package dev.agentcollab.inference.distill;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.model.ModelLoader;
import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.pair.AcceptanceMeter;
import dev.agentcollab.inference.pair.AcceptanceProfile;
import dev.agentcollab.inference.pair.AcceptingPair;
import dev.agentcollab.inference.pair.AcceptingPairs;
import dev.agentcollab.inference.pair.PairGenerator;
import dev.agentcollab.inference.pair.TinyPair;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.Tensor;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 5, unit = TimeUnit.MINUTES)
class DrafterDistillTest {
    @Test
    void distillationRecoversMostOfADamagedHeadsAcceptance(@TempDir Path dir) throws Exception {
        AcceptingPair pair = AcceptingPairs.build(
                TinyPair.target(), TinyPair.drafter(), AcceptanceProfile.gemma4Mtp(), TinyPair.SEED, 1);
        DrafterCheckpoint damaged = damageHead(pair.drafter(), 2.0, new SplittableRandom(5));
        PairGenerator.write(
                dir.resolve("pair"),
                new AcceptingPair(pair.target(), damaged, pair.profile(), pair.successor(), pair.classScales()));
        SplittableRandom random = new SplittableRandom(11);
        List<int[]> prompts = new ArrayList<>();
        StringBuilder file = new StringBuilder("# token ids, one prompt per line\n");
        for (int i = 0; i < 120; i++) {
            int[] p = new int[10];
            for (int j = 0; j < p.length; j++) {
                p[j] = 4 + random.nextInt(508);
                file.append(j == 0 ? "" : " ").append(p[j]);
            }
            file.append('\n');
            prompts.add(p);
        }
        Files.writeString(dir.resolve("prompts.txt"), file);
        List<int[]> heldOut = prompts.subList(90, 120);
        var intact = AcceptanceMeter.measure(pair.target(), pair.drafter(), 7, heldOut, 48);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        DrafterDistill.Report r = DrafterDistill.run(
                DrafterDistill.Args.parse(new String[] {
                    "--target", dir.resolve("pair/target").toString(),
                    "--drafter", dir.resolve("pair/drafter").toString(),
                    "--prompts", dir.resolve("prompts.txt").toString(),
                    "--out", dir.resolve("fitted").toString(),
                    "--tokens", "48"
                }),
                new PrintStream(out, true, StandardCharsets.UTF_8));

        assertTrue(r.identical(), "greedy identity holds before and after");
        assertTrue(intact.identical());
        assertEquals(90 * 48, r.examples());
        double lost = intact.perPosition().get(0) - r.before().get(0);
        assertTrue(
                lost > 0.25, "the noise must really damage the drafter: " + intact.formatted() + " vs " + r.before());
        double regained = r.after().get(0) - r.before().get(0);
        assertTrue(
                regained > 0.7 * lost,
                "first position: before " + r.before() + ", after " + r.after() + ", intact " + intact.formatted());
        double sumBefore = r.before().stream().mapToDouble(Double::doubleValue).sum();
        double sumAfter = r.after().stream().mapToDouble(Double::doubleValue).sum();
        double sumIntact =
                intact.perPosition().stream().mapToDouble(Double::doubleValue).sum();
        assertTrue(sumAfter - sumBefore > 0.6 * (sumIntact - sumBefore), "all positions: " + r.after());
        DrafterCheckpoint fitted = ModelLoader.loadDrafter(dir.resolve("fitted"));
        var reread = AcceptanceMeter.measure(pair.target(), fitted, 7, heldOut, 48);
        assertEquals(r.after(), reread.perPosition(), "the written drafter is the fitted one");
        assertTrue(out.toString(StandardCharsets.UTF_8).contains("held-out acceptance after"));
    }

    @Test
    void badInputIsRefusedWithAClearError(@TempDir Path dir) throws Exception {
        assertThrows(CollabException.class, () -> DrafterDistill.Args.parse(new String[] {"--target", "t"}));
        CollabException unknown =
                assertThrows(CollabException.class, () -> DrafterDistill.Args.parse(new String[] {"--steps", "3"}));
        assertEquals(ErrorCode.INVALID_REQUEST, unknown.code());
        Files.writeString(dir.resolve("p.txt"), "5 6 7\n\n8, 9 x\n");
        CollabException bad =
                assertThrows(CollabException.class, () -> DrafterDistill.readPrompts(dir.resolve("p.txt"), 512));
        assertEquals(ErrorCode.INVALID_REQUEST, bad.code());
        assertTrue(bad.getMessage().contains("line 3"), bad.getMessage());
        Files.writeString(dir.resolve("q.txt"), "5 6 7\n# comment\n8, 9,10\n");
        List<int[]> ok = DrafterDistill.readPrompts(dir.resolve("q.txt"), 512);
        assertEquals(2, ok.size());
        assertEquals(3, ok.get(1).length);
        assertThrows(CollabException.class, () -> DrafterDistill.readPrompts(dir.resolve("absent.txt"), 512));
    }

    private static DrafterCheckpoint damageHead(DrafterCheckpoint d, double noise, SplittableRandom random) {
        float[] head = d.tensor(WeightNames.EMBED).toFloats();
        int dh = d.config().text().hiddenSize();
        for (int i = 0; i < head.length; i++) {
            head[i] += (float) (noise * random.nextGaussian() / Math.sqrt(dh));
        }
        Map<String, Tensor> t = new HashMap<>(d.tensors());
        t.put(WeightNames.EMBED, Tensor.ofFloats(WeightNames.EMBED, DType.F32, head, head.length / dh, dh));
        return new DrafterCheckpoint(d.config(), t);
    }
}
