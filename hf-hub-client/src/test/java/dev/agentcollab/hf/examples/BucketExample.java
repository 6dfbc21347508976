package dev.agentcollab.hf.examples;

import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.hf.buckets.HfBucketFile;
import dev.agentcollab.hf.buckets.HfBucketId;
import dev.agentcollab.hf.buckets.HfBucketsClient;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Example: a bucket round trip through {@link HfHubClient#buckets()}. The upload sends the bytes to Xet storage
 * (chunks, xorbs, a shard) and adds the file under its path in one batch call; the listing follows the tree's
 * pages; the read asks {@code resolve} for the file's Xet hash and token route and reconstructs the bytes.
 */
public final class BucketExample {
    private BucketExample() {}

    /**
     * Creates the bucket when missing, uploads one file, lists the bucket and reads the file back.
     *
     * @param endpoint the Hub
     * @param token a token with write access to the bucket's namespace
     * @param bucket e.g. {@code my-org/scratch}
     * @return the listed paths followed by the text read back
     */
    public static List<String> run(URI endpoint, String token, HfBucketId bucket) {
        HfHubClient hub = HfHubClient.builder().endpoint(endpoint).token(token).build();
        HfBucketsClient buckets = hub.buckets();
        buckets.create(bucket, true, true);

        buckets.upload(bucket, "notes/hello.txt", "hello from Java\n".getBytes(StandardCharsets.UTF_8));

        List<String> out = new ArrayList<>();
        buckets.listAll(bucket, "").stream().map(HfBucketFile::path).forEach(out::add);
        byte[] back = buckets.read(bucket, "notes/hello.txt").orElseThrow();
        out.add(new String(back, StandardCharsets.UTF_8));
        out.forEach(System.out::println);
        return out;
    }

    /**
     * Runs the example against the public Hub with {@code HF_TOKEN}.
     *
     * @param args the bucket, {@code namespace/name}
     */
    public static void main(String[] args) {
        run(HfHubClient.DEFAULT_ENDPOINT, System.getenv("HF_TOKEN"), HfBucketId.parse(args[0]));
    }
}
