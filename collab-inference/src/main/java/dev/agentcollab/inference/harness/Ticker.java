package dev.agentcollab.inference.harness;

/**
 * A monotonic time source for durations, in nanoseconds (wall-clock timestamps come from
 * {@link java.time.InstantSource} instead). Injected so that the tokens/s arithmetic can be tested with a fake.
 *
 * <p>Implementations MUST be thread safe and never go backwards.
 */
@FunctionalInterface
public interface Ticker {
    /**
     * The current reading; only differences between readings are meaningful.
     *
     * @return nanoseconds from an arbitrary origin
     */
    long nanos();

    /**
     * The system's monotonic clock ({@link System#nanoTime()}).
     *
     * @return the system ticker
     */
    static Ticker system() {
        return System::nanoTime;
    }
}
