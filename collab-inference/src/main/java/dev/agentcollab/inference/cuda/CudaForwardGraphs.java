package dev.agentcollab.inference.cuda;

import java.util.HashMap;
import java.util.Map;

/**
 * Target forwards replayed as CUDA graphs: one graph per (row count, logit rows, with arg-max) shape, captured the
 * first time that shape runs and replayed with one launch afterwards. Valid because the forward reads its position
 * and tokens from {@link CudaTarget#step} and every buffer is fixed. At most {@code 4 * maxBatch} graphs exist (prefill
 * chunks, one-token decode, the K+1 verify pass). With graphs disabled the same kernels are launched eagerly. Not
 * thread-safe.
 */
final class CudaForwardGraphs implements AutoCloseable {
    /** System property: {@code false} launches target forwards eagerly instead of replaying graphs. */
    static final String PROPERTY = "agentcollab.inference.cuda.graphs";

    private final CudaContext context;
    private final CudaTarget target;
    private final boolean enabled;
    private final Map<Integer, CudaGraph> graphs = new HashMap<>();

    /**
     * Creates the cache.
     *
     * @param context the context whose stream runs the forwards
     * @param target the target
     * @param enabled whether to capture and replay graphs
     */
    CudaForwardGraphs(CudaContext context, CudaTarget target, boolean enabled) {
        this.context = context;
        this.target = target;
        this.enabled = enabled;
    }

    /**
     * Queues a forward of {@code count} rows (inputs already in {@link CudaTarget#step}).
     *
     * @param count rows
     * @param allRows logits for every row (else only the last)
     * @param argmax also the per-row arg-max into {@link CudaTarget#argmax} (requires {@code allRows})
     */
    void enqueue(int count, boolean allRows, boolean argmax) {
        if (!enabled) {
            record(count, allRows, argmax);
            return;
        }
        int key = count * 4 + (allRows ? 2 : 0) + (argmax ? 1 : 0);
        CudaGraph graph = graphs.get(key);
        if (graph == null) {
            graph = CudaGraph.capture(context, () -> record(count, allRows, argmax));
            graphs.put(key, graph);
        }
        graph.launch();
    }

    /**
     * Graphs captured so far.
     *
     * @return the count
     */
    int size() {
        return graphs.size();
    }

    private void record(int count, boolean allRows, boolean argmax) {
        target.enqueueForward(count, allRows ? 0 : count - 1);
        if (argmax) {
            target.enqueueArgmax(count);
        }
    }

    @Override
    public void close() {
        for (CudaGraph g : graphs.values()) {
            g.close();
        }
        graphs.clear();
    }
}
