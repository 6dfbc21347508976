package dev.agentcollab.core.service.job;

import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/** Reads {@link JobsConfig} from environment variables (see {@link JobsConfig#fromEnvironment(Map)}). */
final class JobsEnvironment {
    private JobsEnvironment() {}

    static JobsConfig read(Map<String, String> env) {
        JobsConfig.Builder b = JobsConfig.custom();
        Function<String, Optional<String>> get =
                k -> Optional.ofNullable(env.get(k)).map(String::strip).filter(v -> !v.isEmpty());
        Function<String, Optional<Integer>> num = k -> get.apply(k).map(v -> {
            try {
                return Integer.parseInt(v);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException(k + " must be an integer, but was '" + v + "'", e);
            }
        });
        get.apply("JOBS_ENABLED")
                .map(v -> switch (v.toLowerCase(Locale.ROOT)) {
                    case "1", "true", "yes", "on" -> true;
                    case "0", "false", "no", "off" -> false;
                    default ->
                        throw new IllegalArgumentException("JOBS_ENABLED must be a boolean, but was '" + v + "'");
                })
                .ifPresent(b::enabled);
        get.apply("HARNESS_PREFIX").ifPresent(b::harnessPrefix);
        get.apply("JOB_HARNESS_ENTRYPOINT").ifPresent(b::entrypoint);
        get.apply("JOB_HARNESS_INTERPRETER").map(v -> List.of(v.split("\\s+"))).ifPresent(b::interpreter);
        get.apply("JOB_EXTRA_ARGS").map(JobsEnvironment::jsonList).ifPresent(b::extraArgs);
        get.apply("JOB_IMAGE").ifPresent(b::image);
        get.apply("JOB_FLAVOR").ifPresent(b::flavor);
        num.apply("JOB_TIMEOUT_MINUTES").map(Duration::ofMinutes).ifPresent(b::timeout);
        num.apply("JOB_WATCH_POLL_S").map(Duration::ofSeconds).ifPresent(b::pollInterval);
        num.apply("JOB_WATCH_GRACE_S").map(Duration::ofSeconds).ifPresent(b::grace);
        num.apply("JOB_LOG_TAIL_LINES").ifPresent(b::logTailLines);
        num.apply("JOB_PER_AGENT_PER_DAY").ifPresent(b::perAgentPerDay);
        num.apply("JOB_PER_USER_PER_DAY").ifPresent(b::perUserPerDay);
        get.apply("JOB_QUOTA_LEDGER_PATH").ifPresent(b::ledgerPath);
        return b.build();
    }

    static List<String> jsonList(String json) {
        try {
            String[] values = dev.agentcollab.core.json.Json.mapper().readValue(json, String[].class);
            return List.of(values);
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalArgumentException("JOB_EXTRA_ARGS must be a JSON list of strings, but was " + json, e);
        }
    }
}
