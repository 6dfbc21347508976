package dev.agentcollab.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@code collab serve} says the jobs lack in the central bucket, for each harness and runner. */
class MissingJobFilesTest {
    private static final BucketId CENTRAL = new BucketId("acme", "speed-main-bucket");
    private static final String DATA = "shared_resources/harness/data/";

    private final InMemoryBucketStore store = InMemoryBucketStore.create();

    private static ServeConfig config(String jobs) {
        String yaml =
                "org: acme\nslug: speed\nstorage: {buckets: 'file:x'}\nidentity: {kind: hub}\njobs: " + jobs + "\n";
        return ServeConfig.from(ConfigValues.parse(yaml, "test.yaml", Map.of(), Path.of(".")));
    }

    private void put(String path) {
        store.create(CENTRAL, true);
        store.put(CENTRAL, BucketPath.of(path), "{}\n".getBytes(StandardCharsets.UTF_8));
    }

    private List<String> missing(String jobs) {
        store.create(CENTRAL, true);
        return Deployment.missingJobFiles(config(jobs), store);
    }

    @Test
    void nothingWhenJobsAreOff() {
        assertEquals(List.of(), missing("{runner: none, harness: java}"));
    }

    @Test
    void theJavaHarnessNeedsItsDataAndOnTheHubItsJars() {
        assertEquals(List.of(DATA + "prompts.jsonl", DATA + "ppl.jsonl"), missing("{runner: local, harness: java}"));
        put(DATA + "prompts.jsonl");
        assertEquals(List.of(DATA + "ppl.jsonl"), missing("{runner: local, harness: java}"));
        put(DATA + "ppl.jsonl");
        put(DATA + "eval.jsonl");
        assertEquals(List.of(), missing("{runner: local, harness: java}"));
        assertEquals(List.of("shared_resources/harness/lib/bundle.json"), missing("{runner: hf-jobs, harness: java}"));
        put("shared_resources/harness/lib/bundle.json");
        assertEquals(List.of(), missing("{runner: hf-jobs, harness: java}"));
    }

    @Test
    void aJavaEntrypointFileReadsTheDataBesideIt() {
        String jobs = "{runner: local, harness: java, entrypoint: suite/run.jar}";
        assertEquals(
                List.of(
                        "shared_resources/harness/suite/run.jar/prompts.jsonl",
                        "shared_resources/harness/suite/run.jar/ppl.jsonl"),
                missing(jobs));
        put("shared_resources/harness/suite/data/prompts.jsonl");
        put("shared_resources/harness/suite/data/ppl.jsonl");
        assertEquals(List.of(), missing(jobs));
    }

    @Test
    void thePythonHarnessNeedsItsEntrypoint() {
        assertEquals(List.of("shared_resources/harness/run.py"), missing("{runner: local, harness: python}"));
        put("shared_resources/harness/run.py.bak");
        assertEquals(List.of("shared_resources/harness/run.py"), missing("{runner: local, harness: python}"));
        put("shared_resources/harness/run.py");
        assertEquals(List.of(), missing("{runner: local, harness: python}"));
    }
}
