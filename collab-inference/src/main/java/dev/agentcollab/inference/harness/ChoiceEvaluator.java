package dev.agentcollab.inference.harness;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import org.tribuo.ImmutableOutputInfo;
import org.tribuo.Prediction;
import org.tribuo.classification.Label;
import org.tribuo.classification.LabelFactory;
import org.tribuo.classification.evaluation.ConfusionMetrics;
import org.tribuo.classification.evaluation.LabelConfusionMatrix;
import org.tribuo.evaluation.metrics.EvaluationMetric;
import org.tribuo.impl.ArrayExample;

/**
 * Multiple-choice accuracy of a model (MMLU-Pro / GPQA style). Each item becomes a Tribuo {@link Prediction} of a
 * {@link Label} (the chosen option, with the softmax over option log-likelihoods as scores; the ground truth sits
 * on the prediction's example), and Tribuo's {@link LabelConfusionMatrix} and {@link ConfusionMetrics} give the
 * accuracy and the confusion counts.
 *
 * <p>Stateless and thread safe; the model it drives is not.
 */
public final class ChoiceEvaluator {
    /** Letters generated in {@link ChoiceScoring#GENERATED_LETTER} mode before giving up on an item. */
    static final int LETTER_TOKENS = 4;

    /** The label of an item whose answer could not be read (counted wrong, shown in the confusion matrix). */
    public static final String NO_ANSWER = "?";

    private final ChoiceScoring scoring;

    /**
     * Creates an evaluator.
     *
     * @param scoring how the answer is read
     */
    public ChoiceEvaluator(ChoiceScoring scoring) {
        this.scoring = Objects.requireNonNull(scoring, "scoring");
    }

    /**
     * Evaluates the items.
     *
     * @param model the model
     * @param items the eval set, at least one item
     * @param progress receives one unit per item
     * @return accuracy and confusion
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for an empty set
     */
    public ChoiceEvaluation evaluate(SubmissionModel model, List<ChoiceItem> items, ProgressListener progress) {
        if (items.isEmpty()) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "the multiple-choice eval set is empty");
        }
        progress.start("accuracy", items.size());
        List<Prediction<Label>> predictions = new ArrayList<>();
        TreeSet<String> labels = new TreeSet<>();
        int unanswered = 0;
        int correct = 0;
        for (ChoiceItem item : items) {
            labels.addAll(item.labels());
            Prediction<Label> p =
                    scoring == ChoiceScoring.LOG_LIKELIHOOD ? byLikelihood(model, item) : byLetter(model, item);
            if (p.getOutput().getLabel().equals(NO_ANSWER)) {
                unanswered++;
            }
            if (p.getOutput().getLabel().equals(item.answer())) {
                correct++;
            }
            predictions.add(p);
            progress.advance(
                    predictions.size(), String.format(Locale.ROOT, "acc %.3f", correct / (double) predictions.size()));
        }
        progress.finish();
        Map<Label, Integer> ids = new LinkedHashMap<>();
        for (String l : labels) {
            ids.put(new Label(l), ids.size());
        }
        if (unanswered > 0) {
            ids.put(new Label(NO_ANSWER), ids.size());
        }
        ImmutableOutputInfo<Label> domain = new LabelFactory().constructInfoForExternalModel(ids);
        LabelConfusionMatrix cm = new LabelConfusionMatrix(domain, predictions);
        double accuracy = ConfusionMetrics.accuracy(EvaluationMetric.Average.MICRO, cm);
        Map<String, Map<String, Long>> confusion = new TreeMap<>();
        for (Label truth : ids.keySet()) {
            Map<String, Long> row = new TreeMap<>();
            for (Label predicted : ids.keySet()) {
                long c = Math.round(cm.confusion(predicted, truth));
                if (c > 0) {
                    row.put(predicted.getLabel(), c);
                }
            }
            if (!row.isEmpty()) {
                confusion.put(truth.getLabel(), row);
            }
        }
        return new ChoiceEvaluation(items.size(), correct, accuracy, List.copyOf(labels), confusion, unanswered);
    }

    private static Prediction<Label> byLikelihood(SubmissionModel model, ChoiceItem item) {
        int[] prompt = item.promptTokens(model);
        int n = item.optionCount();
        double[] ll = new double[n];
        int best = 0;
        for (int i = 0; i < n; i++) {
            for (double v : model.logProbs(prompt, item.optionTokens(model, i))) {
                ll[i] += v;
            }
            if (ll[i] > ll[best]) {
                best = i;
            }
        }
        double max = ll[best];
        double z = 0;
        for (double v : ll) {
            z += Math.exp(v - max);
        }
        Map<String, Label> scores = new LinkedHashMap<>();
        for (int i = 0; i < n; i++) {
            String l = ChoiceItem.label(i);
            scores.put(l, new Label(l, Math.exp(ll[i] - max) / z));
        }
        Label chosen = scores.get(ChoiceItem.label(best));
        return new Prediction<>(chosen, scores, 0, truth(item), true);
    }

    private static Prediction<Label> byLetter(SubmissionModel model, ChoiceItem item) {
        int[] generated =
                model.generate(item.promptTokens(model), LETTER_TOKENS).tokens();
        String text = model.decode(generated).toUpperCase(Locale.ROOT);
        Label chosen = new Label(NO_ANSWER);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c >= 'A'
                    && c < 'A' + item.optionCount()
                    && (i + 1 == text.length() || !Character.isLetter(text.charAt(i + 1)))
                    && (i == 0 || !Character.isLetter(text.charAt(i - 1)))) {
                chosen = new Label(String.valueOf(c));
                break;
            }
        }
        return new Prediction<>(chosen, 0, truth(item));
    }

    private static ArrayExample<Label> truth(ChoiceItem item) {
        return new ArrayExample<>(new Label(item.answer()));
    }
}
