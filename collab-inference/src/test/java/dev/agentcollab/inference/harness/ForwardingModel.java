package dev.agentcollab.inference.harness;

/**
 * A test submission that hands every call to another one; subclasses override what they measure or count (usually
 * {@link #generate}).
 */
abstract class ForwardingModel implements SubmissionModel {
    /** The model every call goes to. */
    protected final SubmissionModel delegate;

    ForwardingModel(SubmissionModel delegate) {
        this.delegate = delegate;
    }

    @Override
    public String describe() {
        return delegate.describe();
    }

    @Override
    public Generation generate(int[] prompt, int outputTokens) {
        return delegate.generate(prompt, outputTokens);
    }

    @Override
    public int[] referenceGreedy(int[] prompt, int outputTokens) {
        return delegate.referenceGreedy(prompt, outputTokens);
    }

    @Override
    public double[] logProbs(int[] context, int[] targets) {
        return delegate.logProbs(context, targets);
    }

    @Override
    public void checkPrompt(int[] prompt) {
        delegate.checkPrompt(prompt);
    }

    @Override
    public int[] encode(String text) {
        return delegate.encode(text);
    }

    @Override
    public String decode(int[] tokens) {
        return delegate.decode(tokens);
    }

    @Override
    public boolean weightsAsStored() {
        return delegate.weightsAsStored();
    }

    @Override
    public void close() {
        delegate.close();
    }
}
