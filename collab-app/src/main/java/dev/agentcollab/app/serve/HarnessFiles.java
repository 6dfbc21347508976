package dev.agentcollab.app.serve;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.core.service.job.JobsConfig;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;

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
        String entry = jobs.harnessPrefix() + "/" + jobs.entrypoint();
        Set<String> present;
        try {
            // one listing of the harness folder answers every check
            present = store.listAll(config.storage().central(), jobs.harnessPrefix() + "/").stream()
                    .map(e -> e.path().value())
                    .collect(Collectors.toSet());
        } catch (CollabException e) {
            return List.of();
        }
        List<String> missing = new ArrayList<>();
        if (!config.jobs().javaHarness()) {
            addAbsent(present, List.of(entry), missing);
            return missing;
        }
        List<String> data = List.of(entry + "/prompts.jsonl", entry + "/ppl.jsonl");
        String beside = entry.substring(0, entry.lastIndexOf('/')) + "/data";
        if (!present.containsAll(data)
                && !present.containsAll(List.of(beside + "/prompts.jsonl", beside + "/ppl.jsonl"))) {
            addAbsent(present, data, missing);
        }
        if (config.jobs().runner() == ServeConfig.JobRunnerKind.HF_JOBS) {
            addAbsent(present, List.of(jobs.harnessPrefix() + "/lib/bundle.json"), missing);
        }
        return missing;
    }

    /**
     * What the missing files mean, in one sentence (the start-up line and {@code GET /v1/status} say it).
     *
     * @param config the settings
     * @param missing the missing paths ({@link #missing})
     * @return the sentence, or empty when nothing is missing
     */
    static Optional<String> problem(ServeConfig config, List<String> missing) {
        if (missing.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(
                "jobs cannot run yet: the central bucket " + config.storage().central() + " has no "
                        + String.join(", ", missing) + " (docs/serve.md, \"Jobs: the harness in the central bucket\")");
    }

    private static void addAbsent(Set<String> present, List<String> paths, List<String> out) {
        paths.stream().filter(p -> !present.contains(p)).forEach(out::add);
    }
}
