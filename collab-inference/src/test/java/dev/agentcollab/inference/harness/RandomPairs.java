package dev.agentcollab.inference.harness;

import dev.agentcollab.inference.model.ModelWriter;
import dev.agentcollab.inference.model.RandomCheckpoints;
import dev.agentcollab.inference.pair.TinyPair;
import dev.agentcollab.inference.safetensors.DType;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** A random target and drafter of {@link TinyPair}'s shapes written as a submission's {@code model/} and {@code drafter/}. */
final class RandomPairs {
    private RandomPairs() {}

    /**
     * Writes {@code dir/model} and {@code dir/drafter} (f32 safetensors, HF layout).
     *
     * @param dir the submission folder
     * @param random the weights' randomness (advanced)
     */
    static void write(Path dir, SplittableRandom random) {
        ModelWriter.writeTarget(dir.resolve("model"), RandomCheckpoints.target(TinyPair.target(), random), DType.F32);
        ModelWriter.writeDrafter(
                dir.resolve("drafter"), RandomCheckpoints.drafter(TinyPair.drafter(), random), DType.F32);
    }
}
