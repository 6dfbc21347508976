package dev.agentcollab.testkit.bucket;

import dev.agentcollab.api.error.ErrorCode;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;

/**
 * A fault to inject into a testkit fake ({@link InMemoryBucketStore}, the fake Hub). Faults are matched by
 * {@link StoreOp}; install them with {@link FaultInjector#inject(Fault)}.
 */
public sealed interface Fault permits Fault.FailNext, Fault.Latency {

    /**
     * The kind of call the fault applies to.
     *
     * @return the operation kind
     */
    StoreOp op();

    /**
     * Fails the next {@code times} calls of one kind with a {@link dev.agentcollab.api.error.CollabException}.
     * A failed call changes nothing.
     *
     * @param op the kind of call
     * @param times how many calls fail, at least 1
     * @param code the error code thrown (retryable or not, as the code says)
     * @param retryAfter the delay announced with the failure, if any
     */
    record FailNext(StoreOp op, int times, ErrorCode code, Optional<Duration> retryAfter) implements Fault {
        /** Validates the fields. */
        public FailNext {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(code, "code");
            Objects.requireNonNull(retryAfter, "retryAfter");
            if (times < 1) {
                throw new IllegalArgumentException("times must be >= 1, but was " + times);
            }
            retryAfter.ifPresent(d -> {
                if (d.isNegative()) {
                    throw new IllegalArgumentException("retryAfter must not be negative, but was " + d);
                }
            });
        }
    }

    /**
     * Delays every call of one kind until the fault is cleared.
     *
     * @param op the kind of call
     * @param delay how long each call waits before it runs
     */
    record Latency(StoreOp op, Duration delay) implements Fault {
        /** Validates the fields. */
        public Latency {
            Objects.requireNonNull(op, "op");
            Objects.requireNonNull(delay, "delay");
            if (delay.isNegative()) {
                throw new IllegalArgumentException("delay must not be negative, but was " + delay);
            }
        }
    }

    /**
     * Fails the next {@code times} calls of a kind.
     *
     * @param op the kind of call
     * @param times how many calls fail
     * @param code the error code
     * @return the fault
     */
    static FailNext failNext(StoreOp op, int times, ErrorCode code) {
        return new FailNext(op, times, code, Optional.empty());
    }

    /**
     * Fails the next {@code times} calls of a kind, announcing a retry delay.
     *
     * @param op the kind of call
     * @param times how many calls fail
     * @param code the error code
     * @param retryAfter the announced delay
     * @return the fault
     */
    static FailNext failNext(StoreOp op, int times, ErrorCode code, Duration retryAfter) {
        return new FailNext(op, times, code, Optional.of(retryAfter));
    }

    /**
     * Delays every call of a kind.
     *
     * @param op the kind of call
     * @param delay the delay
     * @return the fault
     */
    static Latency latency(StoreOp op, Duration delay) {
        return new Latency(op, delay);
    }
}
