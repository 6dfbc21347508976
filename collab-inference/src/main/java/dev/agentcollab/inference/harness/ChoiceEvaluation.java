package dev.agentcollab.inference.harness;

import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Multiple-choice results as {@link ChoiceEvaluator} counts them: each item's chosen option compared with its answer.
 *
 * @param items items evaluated
 * @param correct items answered correctly
 * @param accuracy {@code correct / items}, in [0, 1]
 * @param labels the option labels of all items, sorted
 * @param confusion {@code confusion.get(truth).get(predicted)} = count, holding only the pairs that occurred; the
 *     predicted label of an unanswered item is {@link ChoiceEvaluator#NO_ANSWER}
 * @param unanswered items where no option letter could be read (generated-letter mode), counted wrong
 */
public record ChoiceEvaluation(
        int items,
        int correct,
        double accuracy,
        List<String> labels,
        Map<String, Map<String, Long>> confusion,
        int unanswered) {

    /** Validates and copies. */
    public ChoiceEvaluation {
        if (items < 1 || correct < 0 || correct > items || unanswered < 0 || unanswered > items) {
            throw new IllegalArgumentException("inconsistent counts: " + items + "/" + correct + "/" + unanswered);
        }
        if (!(accuracy >= 0 && accuracy <= 1)) {
            throw new IllegalArgumentException("accuracy must be in [0, 1], but was " + accuracy);
        }
        labels = List.copyOf(Objects.requireNonNull(labels, "labels"));
        confusion = Map.copyOf(Objects.requireNonNull(confusion, "confusion"));
    }
}
