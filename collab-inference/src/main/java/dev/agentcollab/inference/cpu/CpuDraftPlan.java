package dev.agentcollab.inference.cpu;

import dev.agentcollab.inference.sampling.SamplingOptions;
import dev.agentcollab.inference.spi.DraftPlan;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The draft loop recorded once as a flat list of operations over one preallocated {@link DraftBuffers} set, like a
 * captured CUDA graph: the first step (the "warm-up" that reads the target's token embedding and hidden state) and
 * the K-1 recurrent steps are all in the list. {@link #replay} only writes the input slots and runs the list; it
 * allocates nothing.
 */
final class CpuDraftPlan implements DraftPlan {
    private final CpuDrafter drafter;
    private final int steps;
    private final SamplingOptions sampling;
    private final DraftBuffers b;
    private final Runnable[] ops;
    private int lastToken;
    private int hiddenRow;
    private int position;
    private float[] uniforms;
    private int[] tokens;
    private float[] probs;
    private boolean closed;

    CpuDraftPlan(CpuDrafter drafter, int steps, SamplingOptions sampling) {
        if (steps < 1) {
            throw new IllegalArgumentException("steps must be >= 1, but was " + steps);
        }
        this.drafter = drafter;
        this.steps = steps;
        this.sampling = Objects.requireNonNull(sampling, "sampling");
        this.b = new DraftBuffers(drafter.dc, drafter.target.maxSeq);
        this.ops = record();
    }

    private Runnable[] record() {
        List<Runnable> list = new ArrayList<>();
        int bb = drafter.dc.backboneHiddenSize();
        for (int step = 0; step < steps; step++) {
            final int s = step;
            if (s == 0) {
                list.add(() -> drafter.input(b, lastToken, drafter.target.hidden, hiddenRow * bb));
            } else {
                list.add(() -> drafter.input(b, b.token, b.hiddenOut, 0));
            }
            for (int l = 0; l < drafter.layers.length; l++) {
                final int layer = l;
                list.add(() -> drafter.attention(b, layer, position));
                list.add(() -> drafter.mlp(b, layer));
            }
            list.add(() -> drafter.output(b));
            list.add(() -> drafter.choose(b, sampling, sampling.isGreedy() ? 0f : uniforms[s], tokens, s, probs));
        }
        return list.toArray(Runnable[]::new);
    }

    /**
     * Operations recorded per replay.
     *
     * @return the op count
     */
    int opCount() {
        return ops.length;
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
        this.lastToken = lastToken;
        this.hiddenRow = hiddenRow;
        this.position = drafter.target.length();
        this.uniforms = uniforms;
        this.tokens = draftTokens;
        this.probs = draftProbs;
        for (Runnable op : ops) {
            op.run();
        }
        this.uniforms = null;
        this.tokens = null;
        this.probs = null;
    }

    @Override
    public void close() {
        closed = true;
    }
}
