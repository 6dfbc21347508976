package dev.agentcollab.inference.cuda;

import dev.agentcollab.inference.sampling.Sampler;
import dev.agentcollab.inference.sampling.SamplingOptions;
import dev.agentcollab.inference.spi.DraftPlan;
import java.util.Arrays;
import java.util.Objects;

/**
 * The K-step draft loop on the GPU.
 *
 * <p>Plans are recorded as ONE CUDA graph holding all K steps (input, layers, head, and the choice of every step's
 * token), captured once when the plan is created. A replay writes the control ints (positions, accepted token,
 * hidden row and, when sampling, the K uniforms) to device memory, launches the graph once and copies the K proposed
 * ids back (and, when sampling, the K distributions): one host-device round trip per speculative step, no graph
 * update. With {@code useGraph = false} the same kernels are launched one by one instead (the eager reference and the
 * bench baseline).
 *
 * <p>Greedy steps end with the device arg-max. Sampled steps end with {@code sample_candidates}, which applies
 * temperature/top-k/top-p and draws with the caller's uniform exactly as the host {@link Sampler} does; this needs the
 * clustered head (at most {@link CudaKernels#SAMPLE_MAX} candidates). A drafter with the full-vocabulary head samples
 * on the host instead: after each step the logits go to the host, the shared {@link Sampler} draws, and the chosen id
 * is written back for the next step (eager, K round trips). Not thread-safe.
 */
final class CudaDraftPlan implements DraftPlan {
    private final CudaBackend backend;
    private final CudaDrafter drafter;
    private final int steps;
    private final SamplingOptions sampling;
    private final boolean deviceSampling;
    private final DeviceBuffer probs;
    private final CudaGraph graph;
    private final Sampler sampler;
    private final float[] hostLogits;
    private final int[] control;
    private boolean closed;

    CudaDraftPlan(CudaBackend backend, CudaDrafter drafter, int steps, SamplingOptions sampling, boolean useGraph) {
        this.backend = backend;
        this.drafter = drafter;
        this.steps = steps;
        this.sampling = Objects.requireNonNull(sampling, "sampling");
        boolean greedy = sampling.isGreedy();
        this.deviceSampling = !greedy && drafter.samplesOnDevice(sampling);
        this.control = new int[deviceSampling ? drafter.uniformSlot(steps) : CudaDrafter.FIRST_DRAFT];
        this.probs = deviceSampling ? DeviceBuffer.floats((long) steps * drafter.t.vocabSize()) : null;
        boolean onDevice = greedy || deviceSampling;
        try {
            this.graph = onDevice && useGraph ? CudaGraph.capture(backend.context(), this::enqueueDeviceSteps) : null;
        } catch (RuntimeException | Error e) {
            if (probs != null) {
                probs.close();
            }
            throw e;
        }
        this.sampler = onDevice ? null : new Sampler(drafter.t.vocabSize());
        this.hostLogits = onDevice ? null : new float[drafter.t.vocabSize()];
    }

    /**
     * Kernel and copy nodes in the captured graph.
     *
     * @return the node count, 0 for an eager plan
     */
    long graphNodes() {
        return graph == null ? 0 : graph.nodeCount();
    }

    @Override
    public int steps() {
        return steps;
    }

    @Override
    public SamplingOptions sampling() {
        return sampling;
    }

    @Override
    public void replay(int lastToken, int hiddenRow, float[] uniforms, int[] draftTokens, float[] draftProbs) {
        if (closed) {
            throw new IllegalStateException("draft plan is closed");
        }
        int length = backend.length();
        if (length < 1 || length >= backend.options().maxSequenceLength()) {
            throw new IllegalStateException("the drafter needs 1 to maxSequenceLength - 1 cached target positions, but "
                    + "the cache holds " + length);
        }
        if (hiddenRow < 0 || hiddenRow >= backend.options().maxBatch()) {
            throw new IllegalArgumentException("hiddenRow out of range: " + hiddenRow);
        }
        if (draftTokens.length < steps) {
            throw new IllegalArgumentException("draftTokens must hold " + steps + " ids");
        }
        int vocab = drafter.t.vocabSize();
        if (!sampling.isGreedy() && (uniforms.length < steps || draftProbs.length < (long) steps * vocab)) {
            throw new IllegalArgumentException("sampled drafting needs " + steps + " uniforms and room for " + steps
                    + " x " + vocab + " probabilities");
        }
        control[CudaDrafter.ROPE_POS] = length;
        control[CudaDrafter.ATTN_POS] = length - 1;
        control[CudaDrafter.LAST_TOKEN] = lastToken;
        control[CudaDrafter.HIDDEN_ROW] = hiddenRow;
        control[CudaDrafter.ZERO] = 0;
        backend.run(() -> {
            PinnedHostBuffer pinned = backend.pinned();
            CudaContext ctx = backend.context();
            if (deviceSampling) {
                for (int i = 0; i < steps; i++) {
                    control[drafter.uniformSlot(i)] = Float.floatToRawIntBits(uniforms[i]);
                }
            }
            pinned.sendInts(control, drafter.control.ptr(), ctx.stream());
            if (graph != null) {
                graph.launch();
            } else if (sampling.isGreedy() || deviceSampling) {
                enqueueDeviceSteps();
            } else {
                sampleStepsOnHost(uniforms, draftProbs, pinned, ctx);
            }
            pinned.receiveInts(drafter.control.intAt(CudaDrafter.FIRST_DRAFT), steps, ctx.stream());
            ctx.synchronize();
            System.arraycopy(pinned.ints(steps), 0, draftTokens, 0, steps);
            if (deviceSampling) {
                probs.download(draftProbs, steps * vocab);
            }
        });
    }

    private void enqueueDeviceSteps() {
        for (int i = 0; i < steps; i++) {
            drafter.enqueueStep(i, sampling.isGreedy());
            if (deviceSampling) {
                drafter.enqueueSample(i, sampling, probs.floatAt((long) i * drafter.t.vocabSize()));
            }
        }
    }

    private void sampleStepsOnHost(float[] uniforms, float[] probs, PinnedHostBuffer pinned, CudaContext ctx) {
        int vocab = drafter.t.vocabSize();
        int count = drafter.candidateCount();
        boolean ordered = drafter.dc.useOrderedEmbeddings();
        for (int i = 0; i < steps; i++) {
            drafter.enqueueStep(i, false);
            ctx.synchronize();
            float[] candidates = drafter.logits.downloadFloats(count);
            if (ordered) {
                int[] ids = drafter.candidateIds.downloadInts(count);
                Arrays.fill(hostLogits, Float.NEGATIVE_INFINITY);
                float min = Float.POSITIVE_INFINITY;
                for (int c = 0; c < count; c++) {
                    hostLogits[ids[c]] = candidates[c];
                    min = Math.min(min, candidates[c]);
                }
                fillUnselected(hostLogits, min);
            } else {
                System.arraycopy(candidates, 0, hostLogits, 0, vocab);
            }
            sampler.distribution(hostLogits, 0, sampling, probs, i * vocab);
            int token = sampler.sample(probs, i * vocab, uniforms[i]);
            pinned.sendInts(new int[] {token}, drafter.control.intAt(CudaDrafter.FIRST_DRAFT + i), ctx.stream());
        }
    }

    /** HF's masked-embedder fill: tokens outside the chosen clusters get the smallest selected logit minus one. */
    private static void fillUnselected(float[] logits, float selectedMin) {
        float fill = selectedMin - 1f;
        for (int i = 0; i < logits.length; i++) {
            if (logits[i] == Float.NEGATIVE_INFINITY) {
                logits[i] = fill;
            }
        }
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            // A closed backend destroyed its context, and with it the graph.
            if (!backend.isClosed()) {
                backend.run(() -> {
                    if (graph != null) {
                        graph.close();
                    }
                    if (probs != null) {
                        probs.close();
                    }
                });
            }
        }
    }
}
