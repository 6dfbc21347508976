package dev.agentcollab.inference.cuda;

import static jcuda.driver.JCudaDriver.cuGraphDestroy;
import static jcuda.driver.JCudaDriver.cuGraphExecDestroy;
import static jcuda.driver.JCudaDriver.cuGraphGetNodes;
import static jcuda.driver.JCudaDriver.cuGraphInstantiate;
import static jcuda.driver.JCudaDriver.cuGraphLaunch;
import static jcuda.driver.JCudaDriver.cuGraphUpload;
import static jcuda.driver.JCudaDriver.cuStreamBeginCapture;
import static jcuda.driver.JCudaDriver.cuStreamEndCapture;

import jcuda.driver.CUgraph;
import jcuda.driver.CUgraphExec;
import jcuda.driver.CUstreamCaptureMode;

/**
 * A CUDA graph recorded by stream capture ({@code cuStreamBeginCapture} → launches → {@code cuStreamEndCapture} →
 * {@code cuGraphInstantiate}) and replayed with one {@code cuGraphLaunch}. Kernel arguments are frozen at capture, so
 * everything that changes between replays must be read by the kernels from device memory. Not thread-safe.
 */
final class CudaGraph implements AutoCloseable {

    private final CudaContext context;
    private final CUgraph graph;
    private final CUgraphExec exec;
    private final long nodes;
    private boolean closed;

    private CudaGraph(CudaContext context, CUgraph graph, CUgraphExec exec, long nodes) {
        this.context = context;
        this.graph = graph;
        this.exec = exec;
        this.nodes = nodes;
    }

    /**
     * Captures everything {@code body} queues on the context's stream and instantiates it. Nothing runs during
     * capture.
     *
     * @param context the context whose stream is captured
     * @param body queues kernels on that stream; must not synchronize or copy to pageable host memory
     * @return the instantiated graph, uploaded to the device
     */
    static CudaGraph capture(CudaContext context, Runnable body) {
        cuStreamBeginCapture(context.stream(), CUstreamCaptureMode.CU_STREAM_CAPTURE_MODE_THREAD_LOCAL);
        CUgraph graph = new CUgraph();
        try {
            body.run();
        } catch (RuntimeException | Error e) {
            try {
                cuStreamEndCapture(context.stream(), graph);
                cuGraphDestroy(graph);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        cuStreamEndCapture(context.stream(), graph);
        long[] count = new long[1];
        cuGraphGetNodes(graph, null, count);
        CUgraphExec exec = new CUgraphExec();
        cuGraphInstantiate(exec, graph, 0L);
        cuGraphUpload(exec, context.stream());
        return new CudaGraph(context, graph, exec, count[0]);
    }

    /** Queues one replay of the whole graph on the context's stream. */
    void launch() {
        cuGraphLaunch(exec, context.stream());
    }

    /**
     * The number of nodes (kernels and copies) captured.
     *
     * @return the node count
     */
    long nodeCount() {
        return nodes;
    }

    @Override
    public void close() {
        if (!closed) {
            closed = true;
            cuGraphExecDestroy(exec);
            cuGraphDestroy(graph);
        }
    }
}
