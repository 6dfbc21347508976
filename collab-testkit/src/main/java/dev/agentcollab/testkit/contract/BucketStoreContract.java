package dev.agentcollab.testkit.contract;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketInfo;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.ErrorCode;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The behaviour every {@link BucketStore} must show, as a JUnit 5 suite. Extend it in a test class and implement
 * {@link #newStore()}; every test gets a fresh store (closed afterwards) and uses bucket names unique to the
 * test, so stores shared between tests (a fake server, {@code mem://name}) work too. Known gaps of a backend are
 * documented by overriding the test in the subclass, never by skipping silently.
 *
 * <p>Basic behaviour lives here; listings, batches and concurrency in {@link BucketStoreListingContract} and
 * {@link BucketStoreBatchContract}, which this class inherits, so one subclass runs them all. The hook and the
 * fixtures are in {@link BucketStoreContractSupport}.
 */
public abstract class BucketStoreContract extends BucketStoreBatchContract {

    /** Creates the suite; subclasses implement {@link #newStore()}. */
    protected BucketStoreContract() {}

    @Test
    void createThenInfoDescribesTheBucket() {
        BucketId id = newBucketId();
        assertFalse(store.exists(id));
        assertTrue(store.info(id).isEmpty());
        BucketInfo created = store.create(id, false);
        assertEquals(id, created.id());
        BucketInfo info = store.info(id).orElseThrow();
        assertEquals(id, info.id());
        assertTrue(store.exists(id));
    }

    @Test
    void createOfAnExistingBucketFailsWithBucketExists() {
        BucketId id = bucket();
        assertCode(ErrorCode.BUCKET_EXISTS, () -> store.create(id, false));
    }

    @Test
    void createWithExistOkKeepsTheExistingBucketAndItsFiles() {
        BucketId id = bucket();
        store.put(id, path("keep.txt"), utf8("kept"));
        BucketInfo again = store.create(id, true);
        assertEquals(id, again.id());
        assertEquals("kept", store.readString(id, path("keep.txt")).orElseThrow());
    }

    @Test
    void operationsOnAMissingBucketFailWithBucketNotFound() {
        BucketId missing = newBucketId();
        assertCode(ErrorCode.BUCKET_NOT_FOUND, () -> store.read(missing, path("a")));
        assertCode(ErrorCode.BUCKET_NOT_FOUND, () -> store.listAll(missing, ""));
        assertCode(ErrorCode.BUCKET_NOT_FOUND, () -> store.put(missing, path("a"), utf8("x")));
        assertFalse(store.exists(missing));
    }

    @Test
    void readOfAMissingFileIsEmpty() {
        BucketId id = bucket();
        assertTrue(store.read(id, path("nothing/here.md")).isEmpty());
    }

    @Test
    void putThenReadReturnsTheSameBytes() {
        BucketId id = bucket();
        byte[] binary = new byte[300];
        for (int i = 0; i < binary.length; i++) {
            binary[i] = (byte) (i * 7);
        }
        store.put(id, path("bin/data.bin"), binary);
        store.put(id, path("empty"), new byte[0]);
        store.put(id, path(".bucket-sync-handshake"), utf8("hello"));
        store.put(id, path("ünïcödé/é.md"), utf8("text ✓"));
        assertArrayEquals(binary, store.read(id, path("bin/data.bin")).orElseThrow());
        assertArrayEquals(new byte[0], store.read(id, path("empty")).orElseThrow());
        assertEquals(
                "hello", store.readString(id, path(".bucket-sync-handshake")).orElseThrow());
        assertEquals("text ✓", store.readString(id, path("ünïcödé/é.md")).orElseThrow());
    }

    @Test
    void theLastWriteWins() {
        BucketId id = bucket();
        store.put(id, path("a.md"), utf8("first"));
        store.put(id, path("a.md"), utf8("second, longer"));
        assertEquals("second, longer", store.readString(id, path("a.md")).orElseThrow());
        BucketEntry entry = store.listAll(id, "").getFirst();
        assertEquals(utf8("second, longer").length, entry.size());
    }

    @Test
    void deleteRemovesAFileAndDeletingAMissingFileIsNotAnError() {
        BucketId id = bucket();
        store.put(id, path("a"), utf8("x"));
        store.delete(id, path("a"));
        store.delete(id, path("never-existed"));
        assertTrue(store.read(id, path("a")).isEmpty());
        assertTrue(store.listAll(id, "").isEmpty());
    }

    @Test
    void contentHashesDependOnContentOnly() {
        BucketId id = bucket();
        store.put(id, path("a"), utf8("same"));
        store.put(id, path("b"), utf8("same"));
        store.put(id, path("c"), utf8("other"));
        List<BucketEntry> all = store.listAll(id, "");
        assertEquals(all.get(0).contentHash(), all.get(1).contentHash());
        assertNotEquals(all.get(0).contentHash(), all.get(2).contentHash());
        assertFalse(all.get(0).contentHash().isBlank());
    }

    @Test
    void hasAnyAnswersWhetherAFileLiesUnderAPrefix() {
        BucketId id = bucket();
        assertFalse(store.hasAny(id, ""));
        store.put(id, path("runs/r1/summary.json"), utf8("{}"));
        store.put(id, path("runs/r2/job_status.json"), utf8("{}"));
        assertTrue(store.hasAny(id, ""));
        assertTrue(store.hasAny(id, "runs/"));
        assertTrue(store.hasAny(id, "runs/r2/"));
        assertFalse(store.hasAny(id, "runs/r3/"));
        assertFalse(store.hasAny(id, "submissions/"));
        store.delete(id, path("runs/r2/job_status.json"));
        assertFalse(store.hasAny(id, "runs/r2/"));
        assertCode(ErrorCode.BUCKET_NOT_FOUND, () -> store.hasAny(newBucketId(), ""));
    }

    @Test
    void schemeIsNamed() {
        assertFalse(store.scheme().isBlank());
    }
}
