package dev.agentcollab.app.serve;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.core.service.job.JobsConfig;
import java.util.ArrayList;
import java.util.List;

/** What a deployment's jobs read from the central bucket's harness folder, checked at start-up. Stateless. */
final class HarnessFiles {
    private HarnessFiles() {}

    /**
     * The files the configured jobs read from the central bucket that are not there: every job would fail on them
     * (a job mounts the central bucket's {@code shared_resources/harness} at {@code /harness}). The Python harness
     * needs its entrypoint; the Java harness its evaluation data ({@code prompts.jsonl} and {@code ppl.jsonl} in
     * the entrypoint's folder, or in {@code data/} next to an entrypoint file), and on Hugging Face Jobs also its
     * jars ({@code lib/bundle.json}, see {@code HarnessBundle}). Nothing when jobs are off, or when the store cannot
     * be listed now (the jobs report their own errors then).
     *
     * @param config the settings
     * @param jobs the jobs settings the deployment runs with
     * @param store the store holding the central bucket
     * @return the missing central-bucket paths, in the order a job needs them
     */
    static List<String> missing(ServeConfig config, JobsConfig jobs, BucketStore store) {
        if (!jobs.enabled()) {
            return List.of();
        }
        BucketId central = config.storage().central();
        String entry = jobs.harnessPrefix() + "/" + jobs.entrypoint();
        try {
            List<String> missing = new ArrayList<>();
            if (!config.jobs().javaHarness()) {
                missing.addAll(absent(store, central, List.of(entry)));
                return missing;
            }
            List<String> data = List.of(entry + "/prompts.jsonl", entry + "/ppl.jsonl");
            List<String> missingData = absent(store, central, data);
            if (!missingData.isEmpty()) {
                String beside = entry.substring(0, entry.lastIndexOf('/')) + "/data";
                if (!absent(store, central, List.of(beside + "/prompts.jsonl", beside + "/ppl.jsonl"))
                        .isEmpty()) {
                    missing.addAll(missingData);
                }
            }
            if (config.jobs().runner() == ServeConfig.JobRunnerKind.HF_JOBS) {
                missing.addAll(absent(store, central, List.of(jobs.harnessPrefix() + "/lib/bundle.json")));
            }
            return missing;
        } catch (CollabException e) {
            return List.of();
        }
    }

    private static List<String> absent(BucketStore store, BucketId bucket, List<String> paths) {
        List<String> out = new ArrayList<>();
        for (String p : paths) {
            if (store.listAll(bucket, p).stream()
                    .noneMatch(e -> e.path().value().equals(p))) {
                out.add(p);
            }
        }
        return out;
    }
}
