package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.lang.reflect.Proxy;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BucketCommandsTest {
    private static final BucketId BUCKET = BucketId.parse("acme/sort-a1");

    /** Only {@code scheme()} answers: the commands must not touch the store. */
    private static BucketStore hub() {
        return (BucketStore) Proxy.newProxyInstance(
                BucketStore.class.getClassLoader(), new Class<?>[] {BucketStore.class}, (p, m, a) -> {
                    if (m.getName().equals("scheme")) {
                        return "hf";
                    }
                    throw new AssertionError("unexpected call " + m.getName());
                });
    }

    @Test
    void theHubGetsTheReferenceWording() {
        BucketCommands hf = BucketCommands.of(hub());
        assertEquals("hf buckets create acme/sort-a1", hf.create(BUCKET));
        assertEquals(
                "echo 'ada' > /tmp/h && hf buckets cp /tmp/h hf://buckets/acme/sort-a1/.bucket-sync-handshake",
                hf.handshake("ada", BUCKET, ".bucket-sync-handshake"));
        assertEquals(
                "hf buckets sync ./s hf://buckets/acme/sort-a1/submissions/v1",
                hf.copyFolder("./s", "hf://buckets/acme/sort-a1/submissions/v1"));
    }

    @Test
    void aFileStoreIsNamedThroughItsDecorators(@TempDir Path dir) {
        FileSystemBucketStore files = FileSystemBucketStore.open(dir);
        BucketStore decorated = new ForwardingBucketStore(files) {};
        BucketCommands c = BucketCommands.of(decorated);
        String tool = "collab bucket --store " + dir.toUri();
        assertEquals(tool + " create acme/sort-a1", c.create(BUCKET));
        assertEquals(
                tool + " cp <file> hf://buckets/acme/sort-a1/r.md", c.copy("<file>", "hf://buckets/acme/sort-a1/r.md"));
        assertEquals(
                tool + " cp ./s hf://buckets/acme/sort-a1/v1", c.copyFolder("./s", "hf://buckets/acme/sort-a1/v1"));
        files.close();
    }

    @Test
    void anyOtherStoreGetsTheBucketCommand() {
        assertEquals(
                "collab bucket create acme/sort-a1",
                BucketCommands.of(InMemoryBucketStore.create()).create(BUCKET));
    }
}
