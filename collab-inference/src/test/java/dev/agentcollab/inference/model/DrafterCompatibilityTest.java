package dev.agentcollab.inference.model;

import static org.junit.jupiter.api.Assertions.assertDoesNotThrow;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.inference.TinyModels;
import org.junit.jupiter.api.Test;

/**
 * The drafter's query RoPE is applied with the target's cos/sin tables (its keys are the target's), so a drafter
 * whose own RoPE differs from the target's must be refused rather than silently run with the target's.
 */
class DrafterCompatibilityTest {
    @Test
    void drafterRopeMustEqualTheTargets() {
        ModelConfig target = TinyModels.target();
        DrafterConfig d = TinyModels.drafter();
        assertDoesNotThrow(() -> d.checkCompatible(target));
        DrafterConfig otherGlobal = withText(
                d,
                d.text().toBuilder()
                        .rope(d.text().slidingRope(), new RopeConfig(50_000.0, 0.5))
                        .build());
        assertThrows(IllegalArgumentException.class, () -> otherGlobal.checkCompatible(target));
        DrafterConfig otherSliding = withText(
                d,
                d.text().toBuilder()
                        .rope(RopeConfig.of(20_000.0), d.text().globalRope())
                        .build());
        assertThrows(IllegalArgumentException.class, () -> otherSliding.checkCompatible(target));
    }

    private static DrafterConfig withText(DrafterConfig d, ModelConfig text) {
        return new DrafterConfig(
                text, d.backboneHiddenSize(), d.useOrderedEmbeddings(), d.numCentroids(), d.centroidTopK());
    }
}
