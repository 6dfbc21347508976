package dev.agentcollab.inference.harness;

import java.nio.charset.StandardCharsets;

/**
 * A deterministic stand-in for a loaded submission, for harness arithmetic tests: the "next token" is a fixed
 * function of the previous one, each generated token advances a fake ticker, and log-probs give the predicted
 * token probability {@code hit} (the rest spread evenly). Text is encoded byte-wise.
 */
class ScriptedModel implements SubmissionModel {
    static final int VOCAB = 256;

    private final FakeTicker ticker;
    private final long nanosPerToken;
    private final double hit;
    private final boolean divergeFromReference;
    int generateCalls;

    ScriptedModel(FakeTicker ticker, long nanosPerToken, double hit, boolean divergeFromReference) {
        this.ticker = ticker;
        this.nanosPerToken = nanosPerToken;
        this.hit = hit;
        this.divergeFromReference = divergeFromReference;
    }

    static int next(int token) {
        return (token * 31 + 7) % VOCAB;
    }

    @Override
    public String describe() {
        return "scripted";
    }

    @Override
    public Generation generate(int[] prompt, int outputTokens) {
        generateCalls++;
        int[] out = greedy(prompt, outputTokens);
        if (divergeFromReference) {
            out[out.length - 1] = (out[out.length - 1] + 1) % VOCAB;
        }
        ticker.advance(nanosPerToken * outputTokens);
        return new Generation(out, outputTokens / 2, outputTokens, outputTokens / 2);
    }

    @Override
    public int[] referenceGreedy(int[] prompt, int outputTokens) {
        return greedy(prompt, outputTokens);
    }

    private static int[] greedy(int[] prompt, int n) {
        int[] out = new int[n];
        int last = prompt[prompt.length - 1];
        for (int i = 0; i < n; i++) {
            last = next(last);
            out[i] = last;
        }
        return out;
    }

    @Override
    public double[] logProbs(int[] context, int[] targets) {
        double[] lp = new double[targets.length];
        int last = context[context.length - 1];
        for (int i = 0; i < targets.length; i++) {
            lp[i] = targets[i] == next(last) ? Math.log(hit) : Math.log((1 - hit) / (VOCAB - 1));
            last = targets[i];
        }
        return lp;
    }

    @Override
    public int[] encode(String text) {
        byte[] b = text.getBytes(StandardCharsets.UTF_8);
        int[] out = new int[b.length];
        for (int i = 0; i < b.length; i++) {
            out[i] = b[i] & 0xff;
        }
        return out;
    }

    @Override
    public String decode(int[] tokens) {
        byte[] b = new byte[tokens.length];
        for (int i = 0; i < tokens.length; i++) {
            b[i] = (byte) tokens[i];
        }
        return new String(b, StandardCharsets.UTF_8);
    }

    @Override
    public void close() {}
}
