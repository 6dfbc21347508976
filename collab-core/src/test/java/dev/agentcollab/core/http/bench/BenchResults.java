package dev.agentcollab.core.http.bench;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.service.CollabService;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/** Seeds one promoted result per agent, so the leaderboard scenario ranks a realistic number of rows. */
final class BenchResults {
    private BenchResults() {}

    static void seed(BucketStore store, CollabService service, String org, String slug, int agents) {
        var session = service.anonymous();
        for (int i = 0; i < agents; i++) {
            BucketId bucket = BucketId.parse(org + "/" + slug + "-agent-" + i);
            String md = String.format(
                    Locale.ROOT,
                    "---\nscore: %.3f\nmethod: bench\nstatus: agent-run\ndescription: seeded\n---\nrun %d\n",
                    1.0 + (i * 7919 % 1000) / 10.0,
                    i);
            store.put(bucket, BucketPath.of("results/r.md"), md.getBytes(StandardCharsets.UTF_8));
            session.results().promote("hf://buckets/" + bucket + "/results/r.md");
        }
    }
}
