package dev.agentcollab.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.sampling.Sampler;
import dev.agentcollab.inference.sampling.SamplingOptions;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code sample_candidates} against the host {@link Sampler} (skipped without a GPU): the candidates are a random
 * subset of the vocabulary in random order, every other token has logit -inf, and the device must produce the same
 * distribution (to float rounding of double sums taken in another order) and draw the same token for each uniform.
 */
class CudaSamplingGpuTest {

    static Stream<Arguments> cases() {
        return Stream.of(
                Arguments.of(SamplingOptions.temperature(0.8), 128),
                Arguments.of(new SamplingOptions(1.0, 20, 1.0), 128),
                Arguments.of(new SamplingOptions(0.7, 0, 0.9), 300),
                Arguments.of(new SamplingOptions(1.3, 50, 0.8), 4096),
                Arguments.of(new SamplingOptions(1.0, 1, 1.0), 64),
                Arguments.of(new SamplingOptions(1.0, 5000, 0.95), 1000));
    }

    @ParameterizedTest
    @MethodSource("cases")
    void theDeviceDrawsWhatTheHostSamplerDraws(SamplingOptions options, int count) {
        CudaDeviceInfo device = GpuTest.requireGpu();
        int vocab = 6000;
        SplittableRandom rnd = new SplittableRandom(count * 31L + options.topK());
        int[] ids = permutation(vocab, rnd);
        ids = Arrays.copyOf(ids, count);
        float[] candidates = new float[count];
        for (int c = 0; c < count; c++) {
            candidates[c] = (float) (3 * rnd.nextGaussian());
        }
        candidates[count / 2] = candidates[0]; // a tie: the lower id must win its place
        float[] hostLogits = new float[vocab];
        Arrays.fill(hostLogits, Float.NEGATIVE_INFINITY);
        for (int c = 0; c < count; c++) {
            hostLogits[ids[c]] = candidates[c];
        }
        Sampler sampler = new Sampler(vocab);
        float[] expected = new float[vocab];
        sampler.distribution(hostLogits, 0, options, expected, 0);
        try (CudaContext ctx = new CudaContext(device);
                CudaKernels k = new CudaKernels(ctx);
                DeviceBuffer logits = DeviceBuffer.of(candidates);
                DeviceBuffer idBuffer = DeviceBuffer.of(ids);
                DeviceBuffer uniform = DeviceBuffer.floats(1);
                DeviceBuffer probs = DeviceBuffer.floats(vocab);
                DeviceBuffer token = DeviceBuffer.ints(1)) {
            for (float u : new float[] {0f, 0.05f, 0.37f, 0.5f, 0.83f, 0.999f}) {
                uniform.upload(new float[] {u});
                k.sampleCandidates(
                        logits.ptr(),
                        idBuffer.ptr(),
                        count,
                        vocab,
                        1.0 / options.temperature(),
                        options.topK(),
                        options.topP(),
                        uniform.ptr(),
                        probs.ptr(),
                        token.ptr());
                ctx.synchronize();
                float[] got = probs.downloadFloats(vocab);
                for (int i = 0; i < vocab; i++) {
                    assertEquals(expected[i], got[i], 1e-6f * Math.max(1e-3f, expected[i]), "p(" + i + ")");
                }
                assertEquals(sampler.sample(expected, 0, u), token.downloadInts(1)[0], "token for u = " + u);
            }
            assertTrue(count > 1 || expected[ids[0]] == 1f);
        }
    }

    private static int[] permutation(int n, SplittableRandom rnd) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        for (int i = n - 1; i > 0; i--) {
            int j = rnd.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
