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
        return lock(
                        store,
                        central,
                        snapshot,
                        program,
                        "stop it first, or give this one its own buckets and index snapshot")
                .claim(audit, renewal);
    }

    /**
     * Takes the locks only, for a caller with more to check before it takes the claim ({@code collab serve} checks
     * its port: a second server on one folder is told about the first, not about the port).
     *
     * @param store the store of the central and audit buckets
     * @param central the central bucket (its folder is locked on a {@code file:} store)
     * @param snapshot the board index's snapshot file, locked too when there is one
     * @param program what this service is, as another one's refusal names it
     * @param hint what to do about a refusal, for the error
     * @return the held locks, to {@linkplain Locked#claim claim} with or {@linkplain Locked#close release}
     * @throws CollabException {@code CONFLICT} naming the process that holds a lock
     */
    public static Locked lock(
            BucketStore store, BucketId central, Optional<Path> snapshot, String program, String hint) {
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(program, "program");
        String holder = "pid " + ProcessHandle.current().pid() + ", started "
                + Instant.now().truncatedTo(ChronoUnit.SECONDS);
        boolean centralLocked = WriterLock.locksBucketFolder(store);
        WriterLock lock = WriterLock.acquire(
                WriterLock.filesFor(store, central, snapshot), "the central bucket " + central, program, holder, hint);
        return new Locked(store, program, holder, lock, centralLocked);
    }

    /** The locks of a service taken, its claim not yet ({@link #lock}). */
    public static final class Locked implements AutoCloseable {
        private final BucketStore store;
        private final String program;
        private final String holder;
        private final WriterLock lock;
        private final boolean centralLocked;

        private Locked(BucketStore store, String program, String holder, WriterLock lock, boolean centralLocked) {
            this.store = store;
            this.program = program;
            this.holder = holder;
            this.lock = lock;
            this.centralLocked = centralLocked;
        }

        /**
         * Takes the claim and starts renewing it, or releases the locks and takes nothing.
         *
         * <p>The claim keeps the system clock's time, not a service clock's: it is about other processes, and a
         * start that finds another machine's claim waits for its renewals in real time. Two starts at the same
         * moment on different machines are told apart by reading the claim back a second after writing it, unless
         * the OS lock on the central bucket's folder has decided already or the buckets live in this process.
         *
         * @param audit the audit bucket, which holds the claim
         * @param renewal how often the claim is renewed
         * @return the held locks and claim
         * @throws CollabException {@code CONFLICT} naming the service that holds the collaboration
         */
        public ExclusiveWriter claim(BucketId audit, Duration renewal) {
            Objects.requireNonNull(renewal, "renewal");
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

        /** Releases the locks (a start that stopped before it took the claim). */
        @Override
        public void close() {
            lock.close();
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
