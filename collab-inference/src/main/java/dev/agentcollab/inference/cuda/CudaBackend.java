package dev.agentcollab.inference.cuda;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.kv.KvRetention;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.sampling.SamplingOptions;
import dev.agentcollab.inference.spi.BackendOptions;
import dev.agentcollab.inference.spi.DraftPlan;
import dev.agentcollab.inference.spi.InferenceBackend;
import java.util.Objects;
import java.util.Optional;
import jcuda.CudaException;

/**
 * The CUDA backend: the target (and optional MTP drafter) on one GPU through jcuda's driver API, with the
 * hand-written kernels of {@code src/main/cuda}. All weights (bf16), the K/V cache and every activation buffer are
 * allocated when the backend opens; greedy draft plans are one captured CUDA graph each ({@link CudaDraftPlan}).
 * Numerics: bf16 weights with fp32 accumulation, fp32 activations and cache, so logits match the CPU backend within
 * bf16 tolerance (exactly the same weights when the checkpoint is stored in BF16).
 *
 * <p>Not thread-safe: one thread drives it (the context is made current on the calling thread for every call).
 * jcuda errors surface as {@link CollabException} with {@link ErrorCode#INTERNAL}.
 */
public final class CudaBackend implements InferenceBackend {
    private final BackendOptions options;
    private final CudaContext context;
    private final CudaKernels kernels;
    private final CudaTarget target;
    private final CudaDrafter drafter;
    private final PinnedHostBuffer pinned;
    private final CudaForwardGraphs forwards;
    private final KvRetention retention;
    private int length;
    private boolean closed;

    private CudaBackend(
            CudaDeviceInfo device,
            Checkpoint target,
            Optional<DrafterCheckpoint> drafter,
            BackendOptions options,
            boolean forwardGraphs) {
        this.options = Objects.requireNonNull(options, "options");
        if (options.maxSequenceLength() > target.config().maxPositionEmbeddings()) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "maxSequenceLength " + options.maxSequenceLength() + " exceeds the model's "
                            + target.config().maxPositionEmbeddings());
        }
        checkHeadDims(target.config());
        drafter.ifPresent(d -> checkHeadDims(d.config().text()));
        this.context = wrap(() -> new CudaContext(device));
        try {
            this.kernels = new CudaKernels(context);
            this.target = new CudaTarget(target, options, kernels);
            this.drafter = drafter.map(d -> new CudaDrafter(d, this.target, kernels, options.maxBatch()))
                    .orElse(null);
            this.pinned = new PinnedHostBuffer(CudaDrafter.controlLength(options.maxBatch()) + 1);
            this.forwards = new CudaForwardGraphs(context, this.target, forwardGraphs);
            this.retention = new KvRetention(this.target.kvPlan);
            context.synchronize();
        } catch (RuntimeException | Error e) {
            try {
                context.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            if (e instanceof CudaException c) {
                throw internal(c);
            }
            throw e;
        }
    }

    /**
     * Opens the backend on the device {@link CudaAvailability#get()} found.
     *
     * @param target the target checkpoint
     * @param drafter the drafter checkpoint, if speculative decoding is wanted
     * @param options buffer sizes ({@code threads} is ignored)
     * @return the backend
     * @throws CollabException {@code UNAVAILABLE} without a usable GPU, {@code NOT_FOUND} for missing tensors,
     *     {@code INVALID_REQUEST} for shape mismatches, {@code INTERNAL} for CUDA errors
     */
    public static CudaBackend open(Checkpoint target, Optional<DrafterCheckpoint> drafter, BackendOptions options) {
        return open(target, drafter, options, !"false".equals(System.getProperty(CudaForwardGraphs.PROPERTY)));
    }

    /**
     * Opens the backend with target forwards replayed as CUDA graphs or launched eagerly.
     *
     * @param target the target checkpoint
     * @param drafter the drafter checkpoint
     * @param options buffer sizes
     * @param forwardGraphs whether target forwards are captured and replayed as graphs
     * @return the backend
     */
    static CudaBackend open(
            Checkpoint target, Optional<DrafterCheckpoint> drafter, BackendOptions options, boolean forwardGraphs) {
        CudaAvailability availability = CudaAvailability.get();
        CudaDeviceInfo device = availability
                .device()
                .orElseThrow(() -> CollabException.of(
                        ErrorCode.UNAVAILABLE,
                        availability.toString(),
                        "use the CPU backend (-D" + CudaBackendProvider.BACKEND_PROPERTY + "=cpu)"));
        return new CudaBackend(device, target, drafter, options, forwardGraphs);
    }

    @Override
    public String name() {
        return "cuda";
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
        return length;
    }

    @Override
    public void truncate(int newLength) {
        if (newLength < 0 || newLength > length) {
            throw new IllegalArgumentException("truncate length must be in [0, " + length + "], but was " + newLength);
        }
        retention.checkRollback(newLength);
        length = newLength;
    }

    @Override
    public void forward(int[] tokens, int count, float[] logits, boolean allRows) {
        checkForward(tokens, count);
        int vocab = target.cfg.vocabSize();
        int rows = allRows ? count : 1;
        if (logits.length < rows * vocab) {
            throw new IllegalArgumentException("logits array too small");
        }
        run(() -> {
            upload(tokens, count);
            forwards.enqueue(count, allRows, false);
            context.synchronize();
            target.logits.download(logits, rows * vocab);
        });
        length += count;
        retention.written(length);
    }

    @Override
    public void forwardArgmax(int[] tokens, int count, int[] argmax) {
        checkForward(tokens, count);
        run(() -> {
            upload(tokens, count);
            forwards.enqueue(count, true, true);
            pinned.receiveInts(target.argmax.ptr(), count, context.stream());
            context.synchronize();
            System.arraycopy(pinned.ints(count), 0, argmax, 0, count);
        });
        length += count;
        retention.written(length);
    }

    @Override
    public DraftPlan recordDraftPlan(int steps, SamplingOptions sampling) {
        return plan(steps, sampling, true);
    }

    @Override
    public DraftPlan eagerDraftPlan(int steps, SamplingOptions sampling) {
        return plan(steps, sampling, false);
    }

    /**
     * A draft plan with the graph on or off (the bench compares both).
     *
     * @param steps K
     * @param sampling how draft tokens are chosen
     * @param useGraph whether greedy plans are captured as one CUDA graph
     * @return the plan, owned by the caller
     */
    CudaDraftPlan plan(int steps, SamplingOptions sampling, boolean useGraph) {
        if (drafter == null) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "no drafter loaded", "open the backend with a drafter");
        }
        if (steps < 1 || steps >= options.maxBatch()) {
            throw new IllegalArgumentException("steps must be in [1, maxBatch), but was " + steps);
        }
        context.makeCurrent();
        return wrap(() -> new CudaDraftPlan(this, drafter, steps, sampling, useGraph));
    }

    /**
     * The device this backend runs on.
     *
     * @return the device
     */
    public CudaDeviceInfo device() {
        return context.device();
    }

    CudaContext context() {
        return context;
    }

    /** The target's device state (for package tests). */
    CudaTarget target() {
        return target;
    }

    /** Whether {@link #close()} has run. */
    boolean isClosed() {
        return closed;
    }

    /** Forward graphs captured so far (0 when forward graphs are disabled). */
    int forwardGraphCount() {
        return forwards.size();
    }

    PinnedHostBuffer pinned() {
        return pinned;
    }

    /** Runs device work on this thread with the context current, translating jcuda errors. */
    void run(Runnable work) {
        if (closed) {
            throw new IllegalStateException("backend is closed");
        }
        wrap(() -> {
            context.makeCurrent();
            work.run();
            return null;
        });
    }

    private void upload(int[] tokens, int count) {
        int[] step = new int[1 + count];
        step[0] = length;
        System.arraycopy(tokens, 0, step, 1, count);
        pinned.sendInts(step, target.step.ptr(), context.stream());
    }

    private void checkForward(int[] tokens, int count) {
        if (count < 1 || count > options.maxBatch() || count > tokens.length) {
            throw new IllegalArgumentException("count must be in [1, " + options.maxBatch() + "], but was " + count);
        }
        if (length + count > options.maxSequenceLength()) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "sequence would exceed maxSequenceLength " + options.maxSequenceLength());
        }
        for (int r = 0; r < count; r++) {
            if (tokens[r] < 0 || tokens[r] >= target.cfg.vocabSize()) {
                throw CollabException.of(ErrorCode.INVALID_REQUEST, "token id out of vocabulary: " + tokens[r]);
            }
        }
    }

    private static void checkHeadDims(ModelConfig c) {
        int max = Math.max(c.headDim(), c.globalHeadDim());
        if (max > CudaKernels.MAX_HEAD_DIM) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "head dimension " + max + " exceeds the CUDA attention kernel's " + CudaKernels.MAX_HEAD_DIM);
        }
    }

    private static <T> T wrap(java.util.function.Supplier<T> work) {
        try {
            return work.get();
        } catch (CudaException e) {
            throw internal(e);
        }
    }

    private static CollabException internal(CudaException e) {
        return CollabException.of(ErrorCode.INTERNAL, "CUDA error: " + e.getMessage())
                .withCause(e);
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        wrap(() -> {
            context.makeCurrent();
            context.synchronize();
            forwards.close();
            pinned.close();
            if (drafter != null) {
                drafter.close();
            }
            target.close();
            kernels.close();
            context.close();
            return null;
        });
        closed = true;
    }
}
