package dev.agentcollab.app.demo;

import dev.agentcollab.inference.harness.ChoiceItem;
import dev.agentcollab.inference.harness.DecodingSettings;
import dev.agentcollab.inference.harness.EngineSubmissionModel;
import dev.agentcollab.inference.harness.HarnessData;
import dev.agentcollab.inference.harness.PerplexityRecord;
import dev.agentcollab.inference.harness.PromptItem;
import dev.agentcollab.inference.harness.SubmissionModel;
import dev.agentcollab.inference.harness.SubmissionModelLoader;
import dev.agentcollab.inference.harness.Ticker;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.random.RandomGenerator;

/**
 * Synthetic harness data: random-token prompts (ids 4 and up, past the special tokens) plus two text prompts (through the demo tokenizer), perplexity
 * records whose continuations are sampled from the reference model at temperature 1 (as the challenge sampled
 * its ground truth from a larger model), and 4-option multiple-choice items whose options are two-token
 * continuations (the answer is the option the reference model likes best for three items in four and a random
 * other option otherwise, so the reference accuracy is about 0.75 rather than a trivial 1), plus two text
 * questions in the MMLU style.
 */
final class DemoData {
    private static final int VOCAB = DemoTokenizer.VOCAB_BOUND;
    private static final int FIRST_ID = 4;

    private DemoData() {}

    static HarnessData generate(Path referenceModelDir, RandomGenerator random) {
        List<PromptItem> prompts = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            prompts.add(PromptItem.ofTokens("p" + i, randomTokens(random, 6 + random.nextInt(8))));
        }
        prompts.add(new PromptItem("t0", "Explain speculative decoding in one line.", null));
        prompts.add(new PromptItem("t1", "What is 12 * 7?", null));
        DecodingSettings sampling = new DecodingSettings(DecodingSettings.PLAIN, 0, 1.0, 0, 1.0, random.nextLong(), 1);
        List<PerplexityRecord> ppl = new ArrayList<>();
        List<ChoiceItem> eval = new ArrayList<>();
        SubmissionModelLoader loader = EngineSubmissionModel.loader(512, Ticker.system());
        try (SubmissionModel ref = loader.open(referenceModelDir, Optional.empty(), sampling)) {
            for (int i = 0; i < 6; i++) {
                int[] context = randomTokens(random, 8);
                ppl.add(new PerplexityRecord(
                        "r" + i, context, ref.generate(context, 24).tokens()));
            }
            for (int i = 0; i < 8; i++) {
                int[] prompt = randomTokens(random, 10);
                List<int[]> options = new ArrayList<>();
                int best = 0;
                double bestLl = Double.NEGATIVE_INFINITY;
                for (int o = 0; o < 4; o++) {
                    int[] option = randomTokens(random, 2);
                    options.add(option);
                    double ll = 0;
                    for (double v : ref.logProbs(prompt, option)) {
                        ll += v;
                    }
                    if (ll > bestLl) {
                        bestLl = ll;
                        best = o;
                    }
                }
                int answer = i % 4 == 3 ? (best + 1 + random.nextInt(3)) % 4 : best;
                eval.add(new ChoiceItem("q" + i, null, null, prompt, options, ChoiceItem.label(answer)));
            }
            eval.add(textItem(
                    ref,
                    "tq0",
                    "Which technique drafts tokens with a small model?",
                    List.of("speculative decoding", "int4 quantization", "CUDA graphs", "pruning")));
            eval.add(textItem(
                    ref,
                    "tq1",
                    "Which metric is the challenge's quality gate?",
                    List.of("accuracy", "perplexity", "latency", "BLEU")));
        }
        return new HarnessData(prompts, ppl, eval, Optional.empty());
    }

    /** A text item whose answer is the option the reference model scores highest (reference accuracy 1 on it). */
    private static ChoiceItem textItem(SubmissionModel ref, String id, String question, List<String> options) {
        ChoiceItem probe = new ChoiceItem(id, question, options, null, null, "A");
        int[] prompt = probe.promptTokens(ref);
        int best = 0;
        double bestLl = Double.NEGATIVE_INFINITY;
        for (int o = 0; o < options.size(); o++) {
            double ll = 0;
            for (double v : ref.logProbs(prompt, probe.optionTokens(ref, o))) {
                ll += v;
            }
            if (ll > bestLl) {
                bestLl = ll;
                best = o;
            }
        }
        return new ChoiceItem(id, question, options, null, null, ChoiceItem.label(best));
    }

    private static int[] randomTokens(RandomGenerator random, int n) {
        int[] out = new int[n];
        for (int i = 0; i < n; i++) {
            out[i] = FIRST_ID + random.nextInt(VOCAB - FIRST_ID);
        }
        return out;
    }
}
