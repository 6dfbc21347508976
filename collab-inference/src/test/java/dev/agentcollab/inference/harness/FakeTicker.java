package dev.agentcollab.inference.harness;

/** A ticker tests move by hand. */
final class FakeTicker implements Ticker {
    private long now = 1_000L;

    @Override
    public long nanos() {
        return now;
    }

    void advance(long nanos) {
        now += nanos;
    }
}
