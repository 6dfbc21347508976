package dev.agentcollab.inference.pair;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.model.ModelLoader;
import dev.agentcollab.inference.model.RandomCheckpoints;
import dev.agentcollab.inference.model.WeightNames;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 5, unit = TimeUnit.MINUTES)
class AcceptingPairsTest {
    private static AcceptanceMeter.Measurement measure(AcceptingPair p) {
        return AcceptanceMeter.measure(p.target(), p.drafter(), 7, 24, 96, 99);
    }

    private static AcceptingPair demoShape(AcceptanceProfile profile, long seed) {
        return AcceptingPairs.build(TinyPair.target(), TinyPair.drafter(), profile, seed, 1);
    }

    @Test
    void gemmaProfileIsReproducedByRealDrafterForwards() {
        AcceptanceMeter.Measurement m = measure(demoShape(AcceptanceProfile.gemma4Mtp(), TinyPair.SEED));
        assertTrue(m.identical(), "speculative greedy must equal plain greedy");
        assertTrue(m.drafts() > 200, "enough rounds to measure: " + m.drafts());
        List<Double> want = AcceptanceProfile.GEMMA4_MTP_MEASURED;
        for (int i = 0; i < want.size(); i++) {
            assertEquals(want.get(i), m.perPosition().get(i), 0.07, "position " + (i + 1) + ": " + m.formatted());
        }
    }

    @Test
    void highAndLowLevelsAreReproduced() {
        AcceptanceMeter.Measurement high = measure(demoShape(AcceptanceProfile.high90(), 2));
        assertTrue(high.identical());
        assertEquals(0.9, high.perPosition().get(0), 0.06, high.formatted());
        assertTrue(high.perPosition().get(6) > 0.45, "a strong drafter keeps accepting late: " + high.formatted());
        AcceptanceMeter.Measurement low = measure(demoShape(AcceptanceProfile.low30(), 2));
        assertTrue(low.identical());
        assertEquals(0.3, low.perPosition().get(0), 0.06, low.formatted());
        assertTrue(low.perPosition().get(2) < 0.08, low.formatted());
    }

    @Test
    void acceptanceComesFromTheDrafterNotFromTheTargetAlone() {
        AcceptingPair p = demoShape(AcceptanceProfile.high90(), 2);
        DrafterCheckpoint random = RandomCheckpoints.drafter(TinyPair.drafter(), new SplittableRandom(1));
        AcceptanceMeter.Measurement m = AcceptanceMeter.measure(p.target(), random, 3, 8, 48, 99);
        assertTrue(m.identical());
        assertTrue(m.perPosition().get(0) < 0.05, "a random drafter does not predict the target: " + m.formatted());
        // the target really is untied and its skip path is the successor permutation
        Checkpoint t = p.target();
        assertTrue(t.find(WeightNames.LM_HEAD).isPresent());
        assertTrue(!t.config().tieWordEmbeddings());
        int[] succ = p.successor();
        boolean[] hit = new boolean[succ.length];
        for (int s : succ) {
            assertTrue(!hit[s], "a permutation");
            hit[s] = true;
        }
    }

    @Test
    void generatorWritesAPairTheLoadersReadBack(@TempDir Path dir) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        AcceptanceMeter.Measurement written = PairGenerator.run(
                PairGenerator.Args.parse(
                        new String[] {"--out", dir.toString(), "--profile", "high-0.9", "--seed", "2", "--k", "3"}),
                new PrintStream(out, true, java.nio.charset.StandardCharsets.UTF_8));
        assertTrue(Files.isRegularFile(dir.resolve("target/config.json")));
        assertTrue(Files.isRegularFile(dir.resolve("drafter/config.json")));
        assertTrue(Files.readString(dir.resolve("pair.json")).contains("measured_per_position"));
        assertTrue(out.toString(java.nio.charset.StandardCharsets.UTF_8).contains("greedy identity holds"));
        Checkpoint target = ModelLoader.loadTarget(dir.resolve("target"));
        DrafterCheckpoint drafter = ModelLoader.loadDrafter(dir.resolve("drafter"));
        AcceptingPair built =
                AcceptingPairs.build(TinyPair.target(), TinyPair.drafter(), AcceptanceProfile.high90(), 2);
        assertArrayEquals(
                built.target().tensor(WeightNames.LM_HEAD).toFloats(),
                target.tensor(WeightNames.LM_HEAD).toFloats());
        assertArrayEquals(
                built.drafter().tensor(WeightNames.TOKEN_ORDERING).toInts(),
                drafter.tensor(WeightNames.TOKEN_ORDERING).toInts());
        AcceptanceMeter.Measurement read = AcceptanceMeter.measure(target, drafter, 3, 24, 96, 3);
        assertEquals(written.perPosition(), read.perPosition(), "the files hold the very pair that was measured");
        assertTrue(read.identical());
    }

    @Test
    void badArgumentsAreRefusedByName() {
        CollabException e =
                assertThrows(CollabException.class, () -> PairGenerator.Args.parse(new String[] {"--profile", "flat"}));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertThrows(CollabException.class, () -> PairGenerator.Args.parse(new String[] {"--seed", "1"}));
        assertThrows(CollabException.class, () -> PairGenerator.Args.parse(new String[] {"--out", "x", "--k"}));
        assertThrows(IllegalArgumentException.class, () -> new AcceptanceProfile("x", List.of()));
    }
}
