package dev.agentcollab.inference.cpu;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.sampling.SamplingOptions;
import dev.agentcollab.inference.spi.BackendOptions;
import dev.agentcollab.inference.spi.DraftPlan;
import dev.agentcollab.inference.spi.InferenceBackend;
import java.util.Objects;
import java.util.Optional;

/**
 * The pure-Java reference backend: f32, bf16 or Q8_0 weights (row-chunked, so tensors over one Java array load; the
 * per-layer embedding table stays in its 16-bit checkpoint type, see {@link WeightFormat}), multi-threaded matrix-vector products on a fixed worker pool,
 * optional Vector API kernels (picked at run time, see {@code -Dcollab.inference.kernels}), a preallocated K/V cache
 * and activations, and a recorded draft plan. Batched forwards read each weight row once for all tokens of the batch
 * and give bit-identical logits to one-token forwards, so speculative greedy decoding equals plain greedy decoding.
 *
 * <p>Not thread safe; one thread drives it. Close it to stop the worker threads.
 */
public final class CpuBackend implements InferenceBackend {
    private final BackendOptions options;
    private final CpuOps ops;
    private final CpuTarget target;
    private final CpuDrafter drafter;
    private final WeightFormat format;
    private float[] argmaxLogits;

    private CpuBackend(
            Checkpoint target,
            Optional<DrafterCheckpoint> drafter,
            BackendOptions options,
            Kernels k,
            WeightFormat f,
            RowChunking chunking) {
        this.options = Objects.requireNonNull(options, "options");
        if (options.maxSequenceLength() > target.config().maxPositionEmbeddings()) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "maxSequenceLength " + options.maxSequenceLength() + " exceeds the model's "
                            + target.config().maxPositionEmbeddings());
        }
        this.ops = new CpuOps(options.threads(), k);
        try {
            this.target = new CpuTarget(target, options, ops, f, chunking);
            this.drafter = drafter.map(d -> new CpuDrafter(d, this.target, f)).orElse(null);
            this.format = f;
        } catch (RuntimeException e) {
            ops.close();
            throw e;
        }
    }

    /**
     * Opens a backend with the best available kernels.
     *
     * @param target the target checkpoint
     * @param drafter the drafter checkpoint, if speculative decoding is wanted
     * @param options buffer sizes and threads
     * @return the backend
     * @throws CollabException {@code NOT_FOUND} for missing tensors, {@code INVALID_REQUEST} for shape mismatches
     */
    public static CpuBackend open(Checkpoint target, Optional<DrafterCheckpoint> drafter, BackendOptions options) {
        return new CpuBackend(target, drafter, options, Kernels.best(), WeightFormat.F32, RowChunking.defaults());
    }

    /**
     * Opens a backend with the best available kernels and a chosen weight storage.
     *
     * @param target the target checkpoint
     * @param drafter the drafter checkpoint, if speculative decoding is wanted
     * @param options buffer sizes and threads
     * @param format {@link WeightFormat#F32} (reference), {@link WeightFormat#BF16} (half the memory and bandwidth) or
     *     {@link WeightFormat#Q8_0} (int8 blocks quantised at load time, lossy)
     * @return the backend
     */
    public static CpuBackend open(
            Checkpoint target, Optional<DrafterCheckpoint> drafter, BackendOptions options, WeightFormat format) {
        return open(target, drafter, options, format, RowChunking.defaults());
    }

    /** Opens a backend with an explicit chunk limit (tests force tiny chunks). */
    static CpuBackend open(
            Checkpoint target,
            Optional<DrafterCheckpoint> drafter,
            BackendOptions options,
            WeightFormat format,
            RowChunking chunking) {
        return new CpuBackend(
                target,
                drafter,
                options,
                Kernels.best(),
                Objects.requireNonNull(format, "format"),
                Objects.requireNonNull(chunking, "chunking"));
    }

    /**
     * Opens a backend with the portable scalar kernels regardless of the Vector API (for comparisons).
     *
     * @param target the target checkpoint
     * @param drafter the drafter checkpoint
     * @param options buffer sizes and threads
     * @return the backend
     */
    public static CpuBackend openScalar(
            Checkpoint target, Optional<DrafterCheckpoint> drafter, BackendOptions options) {
        return new CpuBackend(target, drafter, options, new ScalarKernels(), WeightFormat.F32, RowChunking.defaults());
    }

    /**
     * Bytes of target weights one plain decoding step streams: every matrix (linear maps and the LM head) once, plus
     * one row of each gather table. The bench divides this by a step's time to get the weight bandwidth it reached.
     *
     * @return bytes read from weight storage per one-token forward
     */
    public long weightBytesPerToken() {
        long bytes = 0;
        for (WeightPlacement p : target.plan.placements().values()) {
            bytes += p.store() == WeightPlacement.Store.MATRIX ? p.bytes() : (long) p.cols() * p.type().bytes;
        }
        return bytes;
    }

    /** The target model state (for package tests). */
    CpuTarget target() {
        return target;
    }

    /**
     * Which implementations this backend runs, for bench headers: the matrix kernels and the element-wise ops
     * (each {@code scalar} or {@code vector-<bits>}, chosen by {@code -Dcollab.inference.kernels} and
     * {@code -Dcollab.inference.elementwise.vector}).
     *
     * @return e.g. {@code kernels vector-512, element-wise ops vector-512}
     */
    public String implementation() {
        return "kernels " + ops.kernels().name() + ", element-wise ops "
                + ops.elementwise().name();
    }

    @Override
    public String name() {
        return "cpu-" + ops.kernels().name()
                + (format == WeightFormat.F32 ? "" : "-" + format.name().toLowerCase(java.util.Locale.ROOT)) + "-t"
                + options.threads();
    }

    @Override
    public ModelConfig config() {
        return target.cfg;
    }

    @Override
    public boolean hasDrafter() {
        return drafter != null;
    }

    @Override
    public BackendOptions options() {
        return options;
    }

    @Override
    public int length() {
        return target.length();
    }

    @Override
    public void truncate(int length) {
        target.truncate(length);
    }

    @Override
    public void forward(int[] tokens, int count, float[] logits, boolean allRows) {
        if (count < 1 || count > options.maxBatch() || count > tokens.length) {
            throw new IllegalArgumentException("count must be in [1, " + options.maxBatch() + "], but was " + count);
        }
        if (target.length() + count > options.maxSequenceLength()) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "sequence would exceed maxSequenceLength " + options.maxSequenceLength());
        }
        int vocab = target.cfg.vocabSize();
        if (logits.length < (allRows ? count : 1) * vocab) {
            throw new IllegalArgumentException("logits array too small");
        }
        for (int r = 0; r < count; r++) {
            if (tokens[r] < 0 || tokens[r] >= vocab) {
                throw CollabException.of(ErrorCode.INVALID_REQUEST, "token id out of vocabulary: " + tokens[r]);
            }
        }
        target.forward(tokens, count, logits, allRows);
    }

    @Override
    public void forwardArgmax(int[] tokens, int count, int[] argmax) {
        if (argmaxLogits == null) {
            argmaxLogits = new float[options.maxBatch() * target.cfg.vocabSize()];
        }
        forward(tokens, count, argmaxLogits, true);
        int vocab = target.cfg.vocabSize();
        for (int r = 0; r < count; r++) {
            argmax[r] = dev.agentcollab.inference.sampling.Sampler.argmax(argmaxLogits, r * vocab, vocab);
        }
    }

    @Override
    public DraftPlan recordDraftPlan(int steps, SamplingOptions sampling) {
        return new CpuDraftPlan(requireDrafter(steps), steps, sampling);
    }

    @Override
    public DraftPlan eagerDraftPlan(int steps, SamplingOptions sampling) {
        return new CpuEagerDraftPlan(requireDrafter(steps), steps, sampling);
    }

    /**
     * The target's final hidden state (after the final norm, what the drafter is fed) of one row of the last
     * {@link #forward} call. For drafter distillation.
     *
     * @param row the row of the last forward, in [0, count)
     * @return a copy of the hidden state
     */
    public float[] targetHidden(int row) {
        int h = target.cfg.hiddenSize();
        if (row < 0 || (row + 1) * h > target.hidden.length) {
            throw new IllegalArgumentException("row out of range: " + row);
        }
        return java.util.Arrays.copyOfRange(target.hidden, row * h, (row + 1) * h);
    }

    /**
     * The drafter's final normalised hidden state (the input of its head, centroids and {@code post_projection}) for
     * the first draft step from {@code lastToken} and the target hidden row {@code hiddenRow} of the last forward,
     * exactly as a draft plan computes it at position {@link #length()}. Writes nothing. For drafter distillation.
     *
     * @param lastToken the newest token, not yet in the target's cache
     * @param hiddenRow the row of the last forward whose hidden state feeds the drafter
     * @return the features, {@code drafter hidden size} wide
     */
    public float[] drafterFeatures(int lastToken, int hiddenRow) {
        CpuDrafter d = requireDrafter(1);
        DraftBuffers b = new DraftBuffers(d.dc, target.maxSeq);
        d.input(b, lastToken, target.hidden, hiddenRow * d.dc.backboneHiddenSize());
        for (int l = 0; l < d.layers.length; l++) {
            d.attention(b, l, target.length());
            d.mlp(b, l);
        }
        d.output(b);
        return b.hNorm.clone();
    }

    private CpuDrafter requireDrafter(int steps) {
        if (drafter == null) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "no drafter loaded", "open the backend with a drafter");
        }
        if (steps < 1 || steps >= options.maxBatch()) {
            throw new IllegalArgumentException("steps must be in [1, maxBatch), but was " + steps);
        }
        return drafter;
    }

    @Override
    public void close() {
        ops.close();
    }
}
