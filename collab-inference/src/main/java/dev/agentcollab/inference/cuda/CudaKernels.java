package dev.agentcollab.inference.cuda;

import static jcuda.driver.JCudaDriver.cuLaunchKernel;
import static jcuda.driver.JCudaDriver.cuModuleGetFunction;
import static jcuda.driver.JCudaDriver.cuModuleLoadData;
import static jcuda.driver.JCudaDriver.cuModuleUnload;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import jcuda.NativePointerObject;
import jcuda.Pointer;
import jcuda.driver.CUdeviceptr;
import jcuda.driver.CUfunction;
import jcuda.driver.CUmodule;
import jcuda.driver.CUstream;

/**
 * The kernels of {@code src/main/cuda}, loaded from the shipped PTX, with one typed launcher each. Every launch is
 * queued on the context's stream and is therefore capturable into a CUDA graph. Pointer arguments are device
 * addresses; arguments documented as "device" (positions, token ids) are read by the kernel when it runs. Not
 * thread-safe (see {@link CudaContext}).
 */
final class CudaKernels implements AutoCloseable {

    /** Threads per block of the attention kernel (ATT_WARPS * 32 in attention.cu). */
    static final int ATTENTION_THREADS = 256;
    /** Largest head dimension attention.cu supports. */
    static final int MAX_HEAD_DIM = 512;
    /** Tokens one gemm_bf16_n16 launch handles. */
    static final int GEMM_MAX_TOKENS = 16;
    /** Most candidates sample_candidates takes (its shared-memory sort size, SAMPLE_MAX in sampling.cu). */
    static final int SAMPLE_MAX = 4096;
    /** Elements one topk_stage block holds in shared memory. */
    static final int TOPK_CHUNK = 4096;
    /** Blocks of argmax_stage1 per row, i.e. the partial results per row. */
    static final int ARGMAX_PARTS = 64;

    private static final int THREADS = 256;
    private static final int MATMUL_ROWS_PER_BLOCK = 8;

    private final CUstream stream;
    private final Map<CudaPtx, CUmodule> modules = new EnumMap<>(CudaPtx.class);
    private final CUfunction embedding;
    private final CUfunction draftInput;
    private final CUfunction add;
    private final CUfunction scale;
    private final CUfunction addScaled;
    private final CUfunction geluGate;
    private final CUfunction softcap;
    private final CUfunction copyF32;
    private final CUfunction rmsnorm;
    private final CUfunction rope;
    private final CUfunction kvStore;
    private final CUfunction attention;
    private final CUfunction matvec;
    private final CUfunction gemm;
    private final CUfunction gatherMatvec;
    private final CUfunction argmax1;
    private final CUfunction argmax2;
    private final CUfunction topk;
    private final CUfunction sample;

    /**
     * Loads every PTX module into the current context.
     *
     * @param context the context (current on this thread)
     */
    CudaKernels(CudaContext context) {
        this.stream = context.stream();
        for (CudaPtx ptx : CudaPtx.values()) {
            CUmodule module = new CUmodule();
            cuModuleLoadData(module, ptx.readNulTerminated());
            modules.put(ptx, module);
        }
        embedding = function(CudaPtx.ELEMENTWISE, "embedding_gather_bf16");
        draftInput = function(CudaPtx.ELEMENTWISE, "draft_input");
        add = function(CudaPtx.ELEMENTWISE, "add_inplace");
        scale = function(CudaPtx.ELEMENTWISE, "scale_inplace");
        addScaled = function(CudaPtx.ELEMENTWISE, "add_scaled");
        geluGate = function(CudaPtx.ELEMENTWISE, "gelu_tanh_gate");
        softcap = function(CudaPtx.ELEMENTWISE, "softcap_inplace");
        copyF32 = function(CudaPtx.ELEMENTWISE, "copy_f32");
        rmsnorm = function(CudaPtx.NORM, "rmsnorm_f32");
        rope = function(CudaPtx.ROPE, "rope_neox");
        kvStore = function(CudaPtx.ATTENTION, "kv_store");
        attention = function(CudaPtx.ATTENTION, "attention_f32");
        matvec = function(CudaPtx.MATMUL, "matvec_bf16");
        gemm = function(CudaPtx.MATMUL, "gemm_bf16_n16");
        gatherMatvec = function(CudaPtx.MATMUL, "gather_matvec_bf16");
        argmax1 = function(CudaPtx.SAMPLING, "argmax_stage1");
        argmax2 = function(CudaPtx.SAMPLING, "argmax_stage2");
        topk = function(CudaPtx.SAMPLING, "topk_stage");
        sample = function(CudaPtx.SAMPLING, "sample_candidates");
    }

    /** out[t] = table[tokens[t] % tableRows] * scale; tokens is device memory. */
    void embedding(Pointer table, Pointer tokens, Pointer out, int dim, int nTokens, float scaleFactor, int tableRows) {
        launch(embedding, blocks(dim), nTokens, THREADS, table, tokens, out, dim, scaleFactor, tableRows);
    }

    /** out = concat(table[token[0]] * scale, hidden[row[0]]), each {@code dim} wide; token and row are device ints. */
    void draftInput(
            Pointer table, Pointer token, Pointer hidden, Pointer row, Pointer out, int dim, float scaleFactor) {
        launch(draftInput, blocks(dim), 1, THREADS, table, token, hidden, row, out, dim, scaleFactor);
    }

    /** x += y over n elements. */
    void add(Pointer x, Pointer y, int n) {
        launch(add, blocks(n), 1, THREADS, x, y, n);
    }

    /** x *= factor over n elements. */
    void scale(Pointer x, float factor, int n) {
        launch(scale, blocks(n), 1, THREADS, x, factor, n);
    }

    /** out = (a + b) * factor over n elements. */
    void addScaled(Pointer a, Pointer b, Pointer out, float factor, int n) {
        launch(addScaled, blocks(n), 1, THREADS, a, b, out, factor, n);
    }

    /** out[r][i] = gelu_tanh(gate[r][i]) * up[r * upStride + i] over rows x width; out may alias gate. */
    void geluGate(Pointer gate, Pointer up, Pointer out, int width, int rows, int upStride) {
        launch(geluGate, blocks(width * rows), 1, THREADS, gate, up, out, width, rows, upStride);
    }

    /** x = cap * tanh(x / cap) over n elements. */
    void softcap(Pointer x, float cap, int n) {
        launch(softcap, blocks(n), 1, THREADS, x, cap, n);
    }

    /** dst = src over n floats. */
    void copy(Pointer src, Pointer dst, int n) {
        launch(copyF32, blocks(n), 1, THREADS, src, dst, n);
    }

    /** RMSNorm of {@code rows} rows of {@code width}; weight may be {@code null} (no weight). */
    void rmsnorm(Pointer x, Pointer weight, Pointer y, int rows, int width, float eps) {
        launch(rmsnorm, rows, 1, THREADS, x, orNull(weight), y, width, eps);
    }

    /** NeoX RoPE in place on x[tokens][heads][headDim] at positions pos0[0] + t (device), cos/sin [pos][headDim/2]. */
    void rope(Pointer x, Pointer cos, Pointer sin, Pointer pos0, int heads, int headDim, int tokens) {
        launch(rope, heads, tokens, Math.min(THREADS, roundUp(headDim / 2, 32)), x, cos, sin, pos0, heads, headDim);
    }

    /** Stores k/v[tokens][kvDim] at cache slots (pos0[0] + t) % cacheLen. */
    void kvStore(
            Pointer k, Pointer v, Pointer kCache, Pointer vCache, Pointer pos0, int kvDim, int cacheLen, int tokens) {
        launch(kvStore, tokens, 1, THREADS, k, v, kCache, vCache, pos0, kvDim, cacheLen);
    }

    /** Causal (optionally sliding-window) attention of q[tokens][heads][headDim] over the cache. */
    void attention(
            Pointer q,
            Pointer kCache,
            Pointer vCache,
            Pointer out,
            Pointer pos0,
            int heads,
            int kvHeads,
            int headDim,
            int cacheLen,
            int window,
            float scaleFactor,
            int tokens) {
        if (headDim <= 0 || headDim > MAX_HEAD_DIM) {
            throw new IllegalArgumentException("headDim must be in [1, 512], but was " + headDim);
        }
        launch(
                attention,
                heads,
                tokens,
                ATTENTION_THREADS,
                q,
                kCache,
                vCache,
                out,
                pos0,
                heads,
                kvHeads,
                headDim,
                cacheLen,
                window,
                scaleFactor);
    }

    /** y[rows] = W . x with W bf16 [rows][cols] (one token; the drafter, whose steps are never batched). */
    void matvec(CUdeviceptr w, CUdeviceptr x, CUdeviceptr y, int rows, int cols) {
        launch(matvec, ceilDiv(rows, MATMUL_ROWS_PER_BLOCK), 1, THREADS, w, x, y, rows, cols);
    }

    /**
     * y[n][rows] = x[n][cols] . W^T with W bf16 [rows][cols]; any n (chunks of 16). Always the same GEMM kernel,
     * whatever n, so a token's result does not depend on how many tokens share the call: the one-token decode and the
     * K+1 verify pass give bit-identical rows, which keeps speculative greedy output equal to plain greedy output.
     */
    void matmul(CUdeviceptr w, CUdeviceptr x, CUdeviceptr y, int rows, int cols, int n) {
        int grid = ceilDiv(rows, MATMUL_ROWS_PER_BLOCK);
        for (int t = 0; t < n; t += GEMM_MAX_TOKENS) {
            int chunk = Math.min(GEMM_MAX_TOKENS, n - t);
            launch(
                    gemm,
                    grid,
                    1,
                    THREADS,
                    w,
                    x.withByteOffset((long) t * cols * Float.BYTES),
                    y.withByteOffset((long) t * rows * Float.BYTES),
                    rows,
                    cols,
                    chunk);
        }
    }

    /** Clustered LM head candidates: logits/ids[count] for the tokens of the selected centroids. */
    void gatherMatvec(
            Pointer emb,
            Pointer h,
            Pointer ordering,
            Pointer centroids,
            int perCentroid,
            int count,
            int dim,
            Pointer logits,
            Pointer ids) {
        launch(
                gatherMatvec,
                ceilDiv(count, MATMUL_ROWS_PER_BLOCK),
                1,
                THREADS,
                emb,
                h,
                ordering,
                centroids,
                perCentroid,
                count,
                dim,
                logits,
                ids);
    }

    /**
     * Row-wise arg-max of x[rows][n] into out[rows]; ids (nullable, [rows][n]) maps columns to token ids. The part
     * buffers hold rows * {@link #ARGMAX_PARTS} entries.
     */
    void argmax(Pointer x, Pointer ids, int n, int rows, Pointer partV, Pointer partI, Pointer out) {
        int parts = Math.min(ARGMAX_PARTS, ceilDiv(n, THREADS));
        launch(argmax1, parts, rows, THREADS, x, orNull(ids), n, partV, partI);
        launch(argmax2, rows, 1, 64, partV, partI, parts, out);
    }

    /**
     * The k best of vals[n] (ids nullable) in descending order into outV/outI[k]. For n above {@link #TOPK_CHUNK}
     * the scratch buffers hold {@link #topkScratch(int, int)} entries; otherwise they are unused.
     */
    void topk(Pointer vals, Pointer ids, int n, int k, Pointer outV, Pointer outI, Pointer scratchV, Pointer scratchI) {
        if (n <= TOPK_CHUNK) {
            launch(topk, 1, 1, THREADS, vals, orNull(ids), n, k, outV, outI);
            return;
        }
        int blocks = ceilDiv(n, TOPK_CHUNK);
        if ((long) blocks * k > TOPK_CHUNK) {
            throw new IllegalArgumentException("top-" + k + " of " + n + " exceeds the two-stage capacity");
        }
        launch(topk, blocks, 1, THREADS, vals, orNull(ids), n, k, scratchV, scratchI);
        launch(topk, 1, 1, THREADS, scratchV, scratchI, blocks * k, k, outV, outI);
    }

    /**
     * Scratch entries {@link #topk} needs for n values.
     *
     * @param n value count
     * @param k selected count
     * @return entries per scratch buffer
     */
    static int topkScratch(int n, int k) {
        return n <= TOPK_CHUNK ? 1 : ceilDiv(n, TOPK_CHUNK) * k;
    }

    private CUfunction function(CudaPtx ptx, String name) {
        if (!ptx.kernels().contains(name)) {
            throw new IllegalStateException(name + " is not declared by " + ptx);
        }
        CUfunction f = new CUfunction();
        cuModuleGetFunction(f, modules.get(ptx), name);
        return f;
    }

    /**
     * Draws a token from {@code count <= SAMPLE_MAX} candidate logits exactly as the host {@code Sampler} does over a
     * vocabulary where every other token is -inf (temperature, top-k, top-p, inverse-CDF draw in token order with the
     * device float {@code uniform}); writes the distribution to {@code probs[vocab]} and the token to {@code token}.
     */
    void sampleCandidates(
            Pointer logits,
            Pointer ids,
            int count,
            int vocab,
            double invTemperature,
            int topK,
            double topP,
            Pointer uniform,
            Pointer probs,
            Pointer token) {
        if (count < 1 || count > SAMPLE_MAX) {
            throw new IllegalArgumentException("sampling takes 1 to " + SAMPLE_MAX + " candidates, not " + count);
        }
        launch(
                sample,
                1,
                1,
                THREADS,
                logits,
                orNull(ids),
                count,
                vocab,
                invTemperature,
                topK,
                topP,
                uniform,
                probs,
                token);
    }

    private void launch(CUfunction f, int gridX, int gridY, int block, Object... args) {
        List<NativePointerObject> params = new ArrayList<>(args.length);
        for (Object a : args) {
            params.add(
                    switch (a) {
                        case Pointer p -> Pointer.to(p);
                        case Integer i -> Pointer.to(new int[] {i});
                        case Float v -> Pointer.to(new float[] {v});
                        case Double v -> Pointer.to(new double[] {v});
                        default -> throw new IllegalArgumentException("unsupported kernel argument " + a);
                    });
        }
        cuLaunchKernel(
                f,
                gridX,
                gridY,
                1,
                block,
                1,
                1,
                0,
                stream,
                Pointer.to(params.toArray(NativePointerObject[]::new)),
                null);
    }

    private static Pointer orNull(Pointer p) {
        return p == null ? new CUdeviceptr() : p;
    }

    private static int blocks(int n) {
        return Math.max(1, Math.min(1024, ceilDiv(n, THREADS)));
    }

    private static int roundUp(int n, int multiple) {
        return Math.max(multiple, ceilDiv(n, multiple) * multiple);
    }

    static int ceilDiv(int a, int b) {
        return (a + b - 1) / b;
    }

    @Override
    public void close() {
        for (CUmodule m : modules.values()) {
            cuModuleUnload(m);
        }
        modules.clear();
    }
}
