package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import java.util.Objects;

/**
 * The shell commands an error hint tells an agent to run against its scratch bucket, in the deployment's own store:
 * the Hub's {@code hf buckets ...} on {@code hf://} (the reference's hints, word for word), {@code collab bucket
 * --store <uri> ...} on a {@code file:} store (an agent there has no Hub bucket to run {@code hf} against), and
 * {@code collab bucket ...} on any other store.
 */
public final class BucketCommands {
    private final String tool;

    private BucketCommands(String tool) {
        this.tool = tool;
    }

    /**
     * The commands for a store, looking through decorators to the store that holds the buckets.
     *
     * @param store the deployment's bucket store
     * @return its commands
     */
    public static BucketCommands of(BucketStore store) {
        BucketStore inner = ForwardingBucketStore.innermost(Objects.requireNonNull(store, "store"));
        if (inner.scheme().equals("hf")) {
            return new BucketCommands("hf buckets");
        }
        if (inner instanceof FileSystemBucketStore file) {
            return new BucketCommands("collab bucket --store " + file.root().toUri());
        }
        return new BucketCommands("collab bucket");
    }

    /**
     * Creates a bucket.
     *
     * @param bucket the bucket
     * @return e.g. {@code hf buckets create acme/sort-a1}
     */
    public String create(BucketId bucket) {
        return tool + " create " + bucket;
    }

    /**
     * Copies a local file into a bucket.
     *
     * @param local the local file, as the agent would write it
     * @param uri the {@code hf://buckets/...} address it goes to
     * @return e.g. {@code hf buckets cp /tmp/h hf://buckets/acme/sort-a1/.bucket-sync-handshake}
     */
    public String copy(String local, String uri) {
        return tool + " cp " + local + " " + uri;
    }

    /**
     * Copies a local folder into a bucket, every file under it.
     *
     * @param local the local folder
     * @param uri the {@code hf://buckets/...} folder it goes to
     * @return e.g. {@code hf buckets sync ./my-submission hf://buckets/acme/sort-a1/submissions/v1}
     */
    public String copyFolder(String local, String uri) {
        return tool + (tool.startsWith("hf ") ? " sync " : " cp ") + local + " " + uri;
    }

    /**
     * The hint for a missing or wrong handshake file.
     *
     * @param user the caller's user name
     * @param bucket the scratch bucket
     * @param handshake the handshake file's path
     * @return {@code echo '<user>' > /tmp/h && <copy>}
     */
    public String handshake(String user, BucketId bucket, String handshake) {
        return "echo '" + user + "' > /tmp/h && " + copy("/tmp/h", "hf://buckets/" + bucket + "/" + handshake);
    }
}
