package dev.agentcollab.core.service.job;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Settings of benchmark jobs and their quota (reference §2.1, {@code JOB_*} and {@code HARNESS_PREFIX}). Immutable;
 * build with {@link #custom()} or take {@link #ofDefaults()}.
 *
 * @param enabled whether {@code jobs:run} is served at all ({@code JOBS_ENABLED}, default false)
 * @param harnessPrefix the central-bucket folder mounted at {@code /harness}
 * @param entrypoint the harness file run inside {@code /harness}, default {@code run.py}
 * @param interpreter the program that runs the entrypoint, default {@code [python3]}
 * @param extraArgs arguments appended after {@code --state-dir /state}
 * @param image the container image
 * @param flavor the hardware flavor
 * @param timeout the runtime cap
 * @param pollInterval how often the watcher inspects a job
 * @param grace how long past the cap before the watcher cancels
 * @param logTailLines how many log lines go to {@code job_logs.txt}
 * @param perAgentPerDay launches per agent per window
 * @param perUserPerDay launches per user per window
 * @param quotaWindow the sliding quota window (24 h)
 * @param ledgerPath the ledger file in the audit bucket
 */
public record JobsConfig(
        boolean enabled,
        String harnessPrefix,
        String entrypoint,
        List<String> interpreter,
        List<String> extraArgs,
        String image,
        String flavor,
        Duration timeout,
        Duration pollInterval,
        Duration grace,
        int logTailLines,
        int perAgentPerDay,
        int perUserPerDay,
        Duration quotaWindow,
        String ledgerPath) {

    /** Validates the settings. */
    public JobsConfig {
        Objects.requireNonNull(harnessPrefix, "harnessPrefix");
        Objects.requireNonNull(entrypoint, "entrypoint");
        interpreter = List.copyOf(interpreter);
        extraArgs = List.copyOf(extraArgs);
        Objects.requireNonNull(image, "image");
        Objects.requireNonNull(flavor, "flavor");
        positive(timeout, "timeout");
        positive(pollInterval, "pollInterval");
        Objects.requireNonNull(grace, "grace");
        Objects.requireNonNull(ledgerPath, "ledgerPath");
        positive(quotaWindow, "quotaWindow");
        if (entrypoint.isBlank() || entrypoint.startsWith("/") || entrypoint.contains("..")) {
            throw new IllegalArgumentException("entrypoint must be a relative file name, but was '" + entrypoint + "'");
        }
        if (logTailLines < 0 || perAgentPerDay < 0 || perUserPerDay < 0) {
            throw new IllegalArgumentException("logTailLines, perAgentPerDay and perUserPerDay must be >= 0");
        }
        harnessPrefix = strip(harnessPrefix);
    }

    /**
     * The reference defaults: disabled, {@code shared_resources/harness}, {@code run.py}, {@code python:3.12},
     * {@code a10g-small}, 40 min, poll 20 s, grace 180 s, 2000 log lines, 10 per agent and 30 per user per 24 h.
     *
     * @return the defaults
     */
    public static JobsConfig ofDefaults() {
        return custom().build();
    }

    /**
     * A builder starting from the defaults.
     *
     * @return a new builder
     */
    public static Builder custom() {
        return new Builder();
    }

    /**
     * Reads {@code JOBS_ENABLED}, {@code HARNESS_PREFIX}, {@code JOB_HARNESS_ENTRYPOINT},
     * {@code JOB_HARNESS_INTERPRETER} (space-separated, default {@code python3}), {@code JOB_EXTRA_ARGS} (a JSON
     * list of strings), {@code JOB_IMAGE}, {@code JOB_FLAVOR}, {@code JOB_TIMEOUT_MINUTES}, {@code JOB_WATCH_POLL_S},
     * {@code JOB_WATCH_GRACE_S}, {@code JOB_LOG_TAIL_LINES}, {@code JOB_PER_AGENT_PER_DAY},
     * {@code JOB_PER_USER_PER_DAY} and {@code JOB_QUOTA_LEDGER_PATH}; absent keys keep the defaults.
     *
     * @param env the environment
     * @return the configuration
     * @throws IllegalArgumentException for a malformed value, naming the variable
     */
    public static JobsConfig fromEnvironment(java.util.Map<String, String> env) {
        return JobsEnvironment.read(env);
    }

    /**
     * A builder starting from this configuration.
     *
     * @return a new builder
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.enabled = enabled;
        b.harnessPrefix = harnessPrefix;
        b.entrypoint = entrypoint;
        b.interpreter = interpreter;
        b.extraArgs = extraArgs;
        b.image = image;
        b.flavor = flavor;
        b.timeout = timeout;
        b.pollInterval = pollInterval;
        b.grace = grace;
        b.logTailLines = logTailLines;
        b.perAgentPerDay = perAgentPerDay;
        b.perUserPerDay = perUserPerDay;
        b.quotaWindow = quotaWindow;
        b.ledgerPath = ledgerPath;
        return b;
    }

    private static void positive(Duration d, String name) {
        Objects.requireNonNull(d, name);
        if (d.isNegative() || d.isZero()) {
            throw new IllegalArgumentException(name + " must be positive, but was " + d);
        }
    }

    private static String strip(String s) {
        String out = s;
        while (out.startsWith("/")) {
            out = out.substring(1);
        }
        while (out.endsWith("/")) {
            out = out.substring(0, out.length() - 1);
        }
        return out;
    }

    /** Builds a {@link JobsConfig}; setters validate their argument at once. Not thread safe. */
    public static final class Builder {
        private boolean enabled;
        private String harnessPrefix = "shared_resources/harness";
        private String entrypoint = "run.py";
        private List<String> interpreter = List.of("python3");
        private List<String> extraArgs = List.of();
        private String image = "python:3.12";
        private String flavor = "a10g-small";
        private Duration timeout = Duration.ofMinutes(40);
        private Duration pollInterval = Duration.ofSeconds(20);
        private Duration grace = Duration.ofSeconds(180);
        private int logTailLines = 2000;
        private int perAgentPerDay = 10;
        private int perUserPerDay = 30;
        private Duration quotaWindow = Duration.ofHours(24);
        private String ledgerPath = "quota/job_ledger.jsonl";

        private Builder() {}

        /**
         * Turns {@code jobs:run} on or off.
         *
         * @param value whether jobs are served
         * @return this builder
         */
        public Builder enabled(boolean value) {
            this.enabled = value;
            return this;
        }

        /**
         * Sets the harness folder in the central bucket.
         *
         * @param value the harness folder in the central bucket
         * @return this builder
         */
        public Builder harnessPrefix(String value) {
            this.harnessPrefix = Objects.requireNonNull(value, "harnessPrefix");
            return this;
        }

        /**
         * Sets the harness entrypoint file.
         *
         * @param value the harness entrypoint file
         * @return this builder
         */
        public Builder entrypoint(String value) {
            this.entrypoint = Objects.requireNonNull(value, "entrypoint");
            return this;
        }

        /**
         * Sets the program that runs the entrypoint.
         *
         * @param value the program running the entrypoint, e.g. {@code [python3]} or {@code [sh]}
         * @return this builder
         */
        public Builder interpreter(List<String> value) {
            this.interpreter = List.copyOf(value);
            return this;
        }

        /**
         * Sets the arguments appended to the harness command.
         *
         * @param value arguments appended to the harness command
         * @return this builder
         */
        public Builder extraArgs(List<String> value) {
            this.extraArgs = List.copyOf(value);
            return this;
        }

        /**
         * Sets the container image.
         *
         * @param value the container image
         * @return this builder
         */
        public Builder image(String value) {
            this.image = Objects.requireNonNull(value, "image");
            return this;
        }

        /**
         * Sets the hardware flavor.
         *
         * @param value the hardware flavor
         * @return this builder
         */
        public Builder flavor(String value) {
            this.flavor = Objects.requireNonNull(value, "flavor");
            return this;
        }

        /**
         * Sets the runtime cap.
         *
         * @param value the runtime cap, positive
         * @return this builder
         */
        public Builder timeout(Duration value) {
            positive(value, "timeout");
            this.timeout = value;
            return this;
        }

        /**
         * Sets the watcher's poll interval.
         *
         * @param value the watcher's poll interval, positive
         * @return this builder
         */
        public Builder pollInterval(Duration value) {
            positive(value, "pollInterval");
            this.pollInterval = value;
            return this;
        }

        /**
         * Sets the grace past the cap before the watcher cancels.
         *
         * @param value the grace past the cap
         * @return this builder
         */
        public Builder grace(Duration value) {
            this.grace = Objects.requireNonNull(value, "grace");
            return this;
        }

        /**
         * Sets how many log lines go to {@code job_logs.txt}.
         *
         * @param value log lines kept, {@code >= 0}
         * @return this builder
         */
        public Builder logTailLines(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("logTailLines must be >= 0, but was " + value);
            }
            this.logTailLines = value;
            return this;
        }

        /**
         * Sets the launches per agent per window.
         *
         * @param value launches per agent per window, {@code >= 0}
         * @return this builder
         */
        public Builder perAgentPerDay(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("perAgentPerDay must be >= 0, but was " + value);
            }
            this.perAgentPerDay = value;
            return this;
        }

        /**
         * Sets the launches per user per window.
         *
         * @param value launches per user per window, {@code >= 0}
         * @return this builder
         */
        public Builder perUserPerDay(int value) {
            if (value < 0) {
                throw new IllegalArgumentException("perUserPerDay must be >= 0, but was " + value);
            }
            this.perUserPerDay = value;
            return this;
        }

        /**
         * Sets the sliding quota window.
         *
         * @param value the quota window, positive
         * @return this builder
         */
        public Builder quotaWindow(Duration value) {
            positive(value, "quotaWindow");
            this.quotaWindow = value;
            return this;
        }

        /**
         * Sets the ledger file in the audit bucket.
         *
         * @param value the ledger file in the audit bucket
         * @return this builder
         */
        public Builder ledgerPath(String value) {
            this.ledgerPath = Objects.requireNonNull(value, "ledgerPath");
            return this;
        }

        /**
         * Builds the configuration.
         *
         * @return the configuration
         * @throws IllegalArgumentException when a value is out of range
         */
        public JobsConfig build() {
            return new JobsConfig(
                    enabled,
                    harnessPrefix,
                    entrypoint,
                    interpreter,
                    extraArgs,
                    image,
                    flavor,
                    timeout,
                    pollInterval,
                    grace,
                    logTailLines,
                    perAgentPerDay,
                    perUserPerDay,
                    quotaWindow,
                    ledgerPath);
        }
    }
}
