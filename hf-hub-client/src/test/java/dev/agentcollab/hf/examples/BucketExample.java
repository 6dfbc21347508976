package dev.agentcollab.hf.examples;

import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.hf.HttpXetDownloader;
import dev.agentcollab.hf.HttpXetUploader;
import dev.agentcollab.hf.XetTokens;
import dev.agentcollab.hf.buckets.HfBatchOp;
import dev.agentcollab.hf.buckets.HfBucketFile;
import dev.agentcollab.hf.buckets.HfBucketId;
import dev.agentcollab.hf.buckets.HfTreePage;
import dev.agentcollab.hf.buckets.HfXetFile;
import dev.agentcollab.hf.xet.XetHash;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Example: a bucket round trip. Bytes go to Xet storage first (the uploader chunks them, packs xorbs and registers
 * a shard), then one batch call adds the file under a path; the tree lists it; the download asks {@code resolve}
 * for the file's Xet hash and token route and reconstructs the bytes from Xet storage.
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
        HttpClient http = HttpClient.newBuilder()
                .followRedirects(HttpClient.Redirect.NEVER)
                .build();
        HfHubClient hub = HfHubClient.builder()
                .endpoint(endpoint)
                .token(token)
                .httpClient(http)
                .build();
        hub.createBucket(bucket, true, true);

        byte[] content = "hello from Java\n".getBytes(StandardCharsets.UTF_8);
        XetTokens write = XetTokens.of(() -> hub.xetWriteToken(bucket), InstantSource.system());
        String hash = new HttpXetUploader(http, Duration.ofSeconds(30)).upload(write, content);
        hub.batch(bucket, List.of(new HfBatchOp.AddFile("notes/hello.txt", hash, System.currentTimeMillis())));

        List<String> out = new ArrayList<>();
        HfTreePage page = hub.listTree(bucket, "");
        while (true) {
            page.files().stream().map(HfBucketFile::path).forEach(out::add);
            if (page.next().isEmpty()) {
                break;
            }
            page = hub.listTree(bucket, page.next().get());
        }

        HfXetFile file = hub.xetFile(bucket, "notes/hello.txt").orElseThrow();
        byte[] back;
        if (file.downloadableByXet()) {
            XetTokens read = XetTokens.of(() -> hub.xetToken(file.authUrl().orElseThrow()), InstantSource.system());
            back = new HttpXetDownloader(http, Duration.ofSeconds(30)).download(read, XetHash.fromHex(file.xetHash()));
        } else {
            Optional<byte[]> plain = hub.download(bucket, "notes/hello.txt");
            back = plain.orElseThrow();
        }
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
