package dev.agentcollab.testkit.bucket;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Counts calls per {@link StoreOp} and applies installed {@link Fault}s before a call runs. Shared by the
 * in-memory store and the fake Hub. Thread safe: counting and fault consumption happen under one lock, so
 * "fail the next 2" fails exactly two calls however many threads race; latency is slept outside the lock.
 */
public final class FaultInjector {
    private final Map<StoreOp, AtomicLong> calls = new EnumMap<>(StoreOp.class);
    private final List<Pending> failures = new ArrayList<>();
    private final Map<StoreOp, Duration> latencies = new EnumMap<>(StoreOp.class);
    /**
     * Whether any fault is installed; without one a call is only counted, without taking the lock (an in-memory store
     * under many concurrent writers otherwise queued them all on it).
     */
    private volatile boolean armed;

    /** Creates an injector with no faults and all counters at zero. */
    public FaultInjector() {
        for (StoreOp op : StoreOp.values()) {
            calls.put(op, new AtomicLong());
        }
    }

    /**
     * Installs a fault. Several {@link Fault.FailNext} faults for one kind are consumed in installation order; a
     * new {@link Fault.Latency} replaces the previous one of its kind.
     *
     * @param fault the fault
     */
    public synchronized void inject(Fault fault) {
        Objects.requireNonNull(fault, "fault");
        switch (fault) {
            case Fault.FailNext f -> failures.add(new Pending(f, f.times()));
            case Fault.Latency l -> latencies.put(l.op(), l.delay());
        }
        armed = true;
    }

    /** Removes every installed fault (counters are kept). */
    public synchronized void clearFaults() {
        failures.clear();
        latencies.clear();
        armed = false;
    }

    /**
     * How many calls of a kind were made, including failed ones.
     *
     * @param op the kind
     * @return the count since creation or the last {@link #resetCounters()}
     */
    public long calls(StoreOp op) {
        return calls.get(op).get();
    }

    /** Sets every counter back to zero. */
    public void resetCounters() {
        calls.values().forEach(c -> c.set(0));
    }

    /**
     * Counts a call and applies the faults for its kind: waits for any latency, then throws when a failure is
     * pending. Call this before doing the work, so a failed call changes nothing.
     *
     * @param op the kind of call about to run
     * @throws CollabException the injected failure, or {@code TIMEOUT} when interrupted during latency
     */
    public void before(StoreOp op) {
        if (!armed) {
            calls.get(op).incrementAndGet();
            return;
        }
        Duration delay;
        CollabException failure = null;
        synchronized (this) {
            calls.get(op).incrementAndGet();
            delay = latencies.getOrDefault(op, Duration.ZERO);
            for (int i = 0; i < failures.size(); i++) {
                Pending p = failures.get(i);
                if (p.fault.op() == op) {
                    failure = exception(p.fault);
                    if (--p.remaining == 0) {
                        failures.remove(i);
                    }
                    break;
                }
            }
        }
        if (!delay.isZero()) {
            try {
                Thread.sleep(delay);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw CollabException.of(ErrorCode.TIMEOUT, "interrupted during injected latency of " + op);
            }
        }
        if (failure != null) {
            throw failure;
        }
    }

    private static CollabException exception(Fault.FailNext f) {
        String message = "injected fault: " + f.op() + " failed with " + f.code();
        return new CollabException(f.code(), message, null, f.retryAfter().orElse(null), null);
    }

    private static final class Pending {
        final Fault.FailNext fault;
        int remaining;

        Pending(Fault.FailNext fault, int remaining) {
            this.fault = fault;
            this.remaining = remaining;
        }
    }
}
