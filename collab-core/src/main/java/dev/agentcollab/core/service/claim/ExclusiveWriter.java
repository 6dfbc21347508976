package dev.agentcollab.core.service.claim;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.core.http.Sleeper;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.temporal.ChronoUnit;
import java.util.Objects;
import java.util.Optional;

/**
 * Both things that keep a service alone on its collaboration, taken together: the {@link WriterLock} on its local
 * files and the {@link WriterClaim} in its audit bucket, renewed until {@link #close()}. What {@link
 * dev.agentcollab.core.service.CollabService.Builder#exclusive} takes. Thread safe.
 */
public final class ExclusiveWriter implements AutoCloseable {
    private final WriterLock lock;
    private final WriterClaim claim;
    private final String holder;

    private ExclusiveWriter(WriterLock lock, WriterClaim claim, String holder) {
        this.lock = lock;
        this.claim = claim;
        this.holder = holder;
    }

    /**
     * Takes the locks, then the claim, and starts renewing the claim; or takes nothing.
     *
     * <p>The claim keeps the system clock's time, not a service clock's: it is about other processes, and a start
     * that finds another machine's claim waits for its renewals in real time. Two starts at the same moment on
     * different machines are told apart by reading the claim back a second after writing it, unless an OS lock on the
     * central bucket's folder has decided already or the buckets live in this process.
     *
     * @param store the store of the central and audit buckets
     * @param central the central bucket (its folder is locked on a {@code file:} store)
     * @param audit the audit bucket, which holds the claim
     * @param snapshot the board index's snapshot file, locked too when there is one
     * @param program what this service is, as another one's refusal names it
     * @param renewal how often the claim is renewed
     * @return the held locks and claim
     * @throws CollabException {@code CONFLICT} naming the service that holds the collaboration
     */
    public static ExclusiveWriter take(
            BucketStore store,
            BucketId central,
            BucketId audit,
            Optional<Path> snapshot,
            String program,
            Duration renewal) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(program, "program");
        Objects.requireNonNull(renewal, "renewal");
        String holder = "pid " + ProcessHandle.current().pid() + ", started "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS);
        boolean centralLocked =
                !WriterLock.filesFor(store, central, Optional.empty()).isEmpty();
        WriterLock lock = WriterLock.acquire(
                WriterLock.filesFor(store, central, snapshot),
                "the central bucket " + central,
                program,
                holder,
                "stop it first, or give this one its own buckets and index snapshot");
        try {
            WriterClaim claim = WriterClaim.take(
                    store,
                    audit,
                    WriterClaim.Process.current(program),
                    WriterClaim.Process::running,
                    renewal,
                    InstantSource.system(),
                    Sleeper.THREAD,
                    centralLocked || store.scheme().equals("mem") ? Duration.ZERO : Duration.ofSeconds(1));
            claim.startRenewing();
            return new ExclusiveWriter(lock, claim, holder);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * The claim held.
     *
     * @return the claim
     */
    public WriterClaim claim() {
        return claim;
    }

    /**
     * Names the address the service is reached at in the claim and the lock files, for the error a second service
     * reports.
     *
     * @param address e.g. {@code http://10.0.0.7:8080/}
     */
    public void announce(String address) {
        claim.describe(address);
        lock.describe(holder + ", listening on " + address);
    }

    /** Releases the claim (when still this service's), then the locks. */
    @Override
    public void close() {
        try {
            claim.close();
        } finally {
            lock.close();
        }
    }
}
