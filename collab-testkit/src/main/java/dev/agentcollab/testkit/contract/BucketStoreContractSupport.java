package dev.agentcollab.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.function.Executable;

/**
 * The hook and fixtures of the bucket store contract: a fresh store per test, unique bucket ids, and small
 * helpers. Extend {@link BucketStoreContract}, not this class.
 */
public abstract class BucketStoreContractSupport {
    private static final AtomicInteger COUNTER = new AtomicInteger();

    private final String run = Long.toString(System.nanoTime() & 0xffffff, 36);

    /** The store under test, opened before every test by {@link #newStore()} and closed after it. */
    protected BucketStore store;

    /** Creates the support; only the contract classes extend it. */
    protected BucketStoreContractSupport() {}

    /**
     * Creates the store under test. Called once before every test; the store is closed after it.
     *
     * @return the store that the test uses
     */
    protected abstract BucketStore newStore();

    /**
     * The organisation that test buckets are created in. Override when the backend accepts only some (a fake
     * Hub whose token may write to one org).
     *
     * @return the org segment of test bucket ids
     */
    protected String org() {
        return "contract-org";
    }

    /** Opens the store under test. */
    @BeforeEach
    final void openStore() {
        store = newStore();
    }

    /** Closes the store under test. */
    @AfterEach
    final void closeStore() {
        if (store != null) {
            store.close();
        }
    }

    /**
     * A bucket id that no test has used yet (not created).
     *
     * @return the id
     */
    protected final BucketId newBucketId() {
        return new BucketId(org(), "b-" + run + "-" + COUNTER.incrementAndGet());
    }

    /**
     * Creates a fresh, empty bucket.
     *
     * @return its id
     */
    protected final BucketId bucket() {
        BucketId id = newBucketId();
        store.create(id, false);
        return id;
    }

    /**
     * Shorthand for {@link BucketPath#of(String)}.
     *
     * @param p the path text
     * @return the path
     */
    protected static BucketPath path(String p) {
        return BucketPath.of(p);
    }

    /**
     * UTF-8 bytes of a string.
     *
     * @param s the text
     * @return its bytes
     */
    protected static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    /**
     * A put of UTF-8 text.
     *
     * @param p the path
     * @param content the text
     * @return the operation
     */
    protected static BatchOp.Put put(String p, String content) {
        return new BatchOp.Put(path(p), utf8(content));
    }

    /**
     * Asserts that a call throws a {@link CollabException} with the given code.
     *
     * @param expected the code
     * @param call the call
     */
    protected static void assertCode(ErrorCode expected, Executable call) {
        CollabException e = assertThrows(CollabException.class, call);
        assertEquals(expected, e.code(), () -> "expected " + expected + " but got " + e.code() + ": " + e.getMessage());
    }
}
