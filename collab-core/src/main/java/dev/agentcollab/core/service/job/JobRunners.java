package dev.agentcollab.core.service.job;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.job.spi.JobRunner;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.random.RandomGenerator;

/** Picks the job runner a deployment asks for. */
public final class JobRunners {
    private JobRunners() {}

    /**
     * Builds the runner named by {@code JOB_RUNNER}: {@code local} (the default; work folder {@code JOB_WORK_DIR}
     * or a temporary folder) or {@code hf-jobs} (needs {@code HF_TOKEN}; endpoint {@code HF_ENDPOINT}, default
     * {@code https://huggingface.co}; jobs run and are billed in {@code namespace}).
     *
     * @param env the environment
     * @param store the store holding every bucket (the local runner copies volumes through it)
     * @param namespace the org whose credits pay for Hub jobs
     * @param random the source of local job ids
     * @return the runner
     * @throws IllegalArgumentException for an unknown runner or a missing token
     */
    public static JobRunner fromEnvironment(
            Map<String, String> env, BucketStore store, String namespace, RandomGenerator random) {
        String kind =
                Optional.ofNullable(env.get("JOB_RUNNER")).map(String::strip).orElse("local");
        switch (kind.toLowerCase(Locale.ROOT)) {
            case "local" -> {
                try {
                    Path dir = env.containsKey("JOB_WORK_DIR")
                            ? Files.createDirectories(Path.of(env.get("JOB_WORK_DIR")))
                            : Files.createTempDirectory("collab-jobs");
                    return new LocalProcessJobRunner(store, dir, random);
                } catch (IOException e) {
                    throw new UncheckedIOException("could not create the job work folder", e);
                }
            }
            case "hf-jobs" -> {
                String token = Optional.ofNullable(env.get("HF_TOKEN"))
                        .map(String::strip)
                        .filter(t -> !t.isEmpty())
                        .orElseThrow(() -> new IllegalArgumentException("JOB_RUNNER=hf-jobs needs HF_TOKEN"));
                URI endpoint = URI.create(env.getOrDefault("HF_ENDPOINT", "https://huggingface.co"));
                return new HfJobsRunner(
                        HttpClient.newHttpClient(), endpoint, namespace, () -> token, Duration.ofSeconds(30));
            }
            default ->
                throw new IllegalArgumentException("JOB_RUNNER must be local or hf-jobs, but was '" + kind + "'");
        }
    }
}
