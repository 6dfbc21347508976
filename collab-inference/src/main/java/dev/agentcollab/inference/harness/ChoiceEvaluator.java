package dev.agentcollab.inference.harness;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Multiple-choice accuracy of a model (MMLU-Pro / GPQA style): each item's chosen option (the most likely one, or
 * the first option letter the model generates) is compared with the answer; the accuracy is the share of right
 * answers, and the confusion counts how often each true answer was read as each option.
 *
 * <p>Stateless and thread safe; the model it drives is not.
 */
public final class ChoiceEvaluator {
    /**
     * Tokens generated in {@link ChoiceScoring#GENERATED_LETTER} mode before giving up on an item: greedily, with
     * the target alone ({@link SubmissionModel#referenceGreedy}), whatever the submission's sampling settings.
     */
    static final int LETTER_TOKENS = 4;

    /** The label of an item whose answer could not be read (counted wrong, shown in the confusion matrix). */
    public static final String NO_ANSWER = "?";

    /** {@code answer is X}, {@code Answer: (X)}, …: an explicit answer, preferred to any other letter. */
    private static final Pattern EXPLICIT = Pattern.compile(
            "\\b(?i:answer)(?:\\s+(?i:is))?\\s*:?\\s*\\(?(?<![\\p{L}\\p{N}])([A-Z])(?![\\p{L}\\p{N}'\u2019_])");

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
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for an empty set, an item the model refuses (named by
     *     its id and option; e.g. a prompt and option longer than the model's positions), or when the model returns
     *     the wrong number of log-probs for an option or one that is positive, NaN or infinite
     */
    public ChoiceEvaluation evaluate(SubmissionModel model, List<ChoiceItem> items, ProgressListener progress) {
        if (items.isEmpty()) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "the multiple-choice eval set is empty");
        }
        progress.start("accuracy", items.size());
        TreeSet<String> labels = new TreeSet<>();
        Map<String, Map<String, Long>> confusion = new TreeMap<>();
        int unanswered = 0;
        int correct = 0;
        int done = 0;
        for (ChoiceItem item : items) {
            labels.addAll(item.labels());
            String chosen = scoring == ChoiceScoring.LOG_LIKELIHOOD ? byLikelihood(model, item) : byLetter(model, item);
            if (chosen.equals(NO_ANSWER)) {
                unanswered++;
            }
            if (chosen.equals(item.answer())) {
                correct++;
            }
            confusion.computeIfAbsent(item.answer(), t -> new TreeMap<>()).merge(chosen, 1L, Long::sum);
            done++;
            progress.advance(done, String.format(Locale.ROOT, "acc %.3f", correct / (double) done));
        }
        progress.finish();
        double accuracy = correct / (double) items.size();
        return new ChoiceEvaluation(items.size(), correct, accuracy, List.copyOf(labels), confusion, unanswered);
    }

    private static String byLikelihood(SubmissionModel model, ChoiceItem item) {
        int[] prompt = item.promptTokens(model);
        int n = item.optionCount();
        double[] ll = new double[n];
        int best = 0;
        for (int i = 0; i < n; i++) {
            int[] option;
            double[] lp;
            try {
                option = item.optionTokens(model, i);
                lp = model.logProbs(prompt, option);
            } catch (CollabException e) {
                throw new CollabException(
                        e.code(),
                        "eval item " + item.id() + " option " + ChoiceItem.label(i) + ": " + e.getMessage(),
                        e.hint().orElse(null),
                        null,
                        e);
            }
            String where = "eval item " + item.id() + " option " + ChoiceItem.label(i);
            PerplexityEvaluator.checkLogProbs(where, lp, option.length);
            for (double v : lp) {
                ll[i] += v;
            }
            if (ll[i] > ll[best]) {
                best = i;
            }
        }
        return ChoiceItem.label(best);
    }

    private static String byLetter(SubmissionModel model, ChoiceItem item) {
        // Greedy whatever the submission samples with: an answer read from a sampled generation would make the
        // accuracy a draw of the submission's seed, and would advance the random stream its throughput run uses.
        int[] generated = model.referenceGreedy(item.promptTokens(model), LETTER_TOKENS);
        return readLetter(model.decode(generated), item.optionCount());
    }

    /**
     * The option letter a generated answer names: the letter of the first {@code answer is X} (any case, an optional
     * colon, the letter optionally in parentheses), else the first standalone option letter. Only uppercase letters
     * among the item's options count; standalone means not inside a word or number, and followed (after any spaces)
     * by the end of the text or by something other than a word, so {@code " B"}, {@code " B."}, {@code " (B)"} and
     * {@code " B\nC"} read B while the article in {@code " A cat"}, the pronoun in {@code " I think"} and lowercase
     * letters are passed over.
     *
     * @param text the generated text
     * @param optionCount how many options the item has
     * @return the label, or {@link #NO_ANSWER}
     */
    static String readLetter(String text, int optionCount) {
        Matcher explicit = EXPLICIT.matcher(text);
        while (explicit.find()) {
            char c = explicit.group(1).charAt(0);
            if (c - 'A' < optionCount) {
                return String.valueOf(c);
            }
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c < 'A' || c >= 'A' + optionCount || (i > 0 && isWordChar(text.charAt(i - 1)))) {
                continue;
            }
            int next = i + 1;
            while (next < text.length() && (text.charAt(next) == ' ' || text.charAt(next) == '\t')) {
                next++;
            }
            if (next == text.length() || !isWordChar(text.charAt(next))) {
                return String.valueOf(c);
            }
        }
        return NO_ANSWER;
    }

    private static boolean isWordChar(char c) {
        return Character.isLetterOrDigit(c) || c == '\'' || c == '\u2019' || c == '_';
    }
}
