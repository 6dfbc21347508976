package dev.agentcollab.inference.pair;

import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import java.util.List;
import java.util.Objects;

/**
 * A constructed target and its drafter (see {@link AcceptingPairs}).
 *
 * @param target the target (untied head)
 * @param drafter the drafter for it
 * @param profile the acceptance profile it was built for
 * @param successor the target's skip-path function: {@code successor[t]} is the token the target emits after
 *     {@code t} when the layers' perturbation does not win
 * @param classScales the calibrated skip-path scale of each token class of the profile
 */
public record AcceptingPair(
        Checkpoint target,
        DrafterCheckpoint drafter,
        AcceptanceProfile profile,
        int[] successor,
        List<Double> classScales) {
    /** Validates and copies. */
    public AcceptingPair {
        Objects.requireNonNull(target, "target");
        Objects.requireNonNull(drafter, "drafter");
        Objects.requireNonNull(profile, "profile");
        successor = successor.clone();
        classScales = List.copyOf(classScales);
        if (successor.length != target.config().vocabSize()) {
            throw new IllegalArgumentException("successor must have one entry per vocabulary id");
        }
    }

    @Override
    public int[] successor() {
        return successor.clone();
    }
}
