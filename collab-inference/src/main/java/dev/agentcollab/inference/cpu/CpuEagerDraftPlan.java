package dev.agentcollab.inference.cpu;

import dev.agentcollab.inference.sampling.SamplingOptions;
import dev.agentcollab.inference.spi.DraftPlan;

/**
 * The unrecorded reference: every replay runs the drafter loop in program order with freshly allocated buffers.
 * Used to check the recorded plan and selectable with {@code SpeculativeOptions.useRecordedPlan=false}.
 */
final class CpuEagerDraftPlan implements DraftPlan {
    private final CpuDrafter drafter;
    private final int steps;
    private final SamplingOptions sampling;

    CpuEagerDraftPlan(CpuDrafter drafter, int steps, SamplingOptions sampling) {
        this.drafter = drafter;
        this.steps = steps;
        this.sampling = sampling;
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
        drafter.draftEager(lastToken, hiddenRow, steps, sampling, uniforms, draftTokens, draftProbs);
    }

    @Override
    public void close() {}
}
