package dev.agentcollab.core.service.job;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.job.JobsOverview;
import dev.agentcollab.core.bench.BenchCommand;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.core.service.CollabService;
import dev.agentcollab.core.service.identity.StaticIdentityProvider;
import dev.agentcollab.core.service.internal.AuditLog;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * What the first {@code GET /v1/jobs} page after a start costs as the audit log's history grows: the service over
 * {@code file:} buckets whose audit bucket holds {@code months} months of rows ({@code rowsPerMonth} each, one in a
 * hundred a benchmark launch, in segments of 512 rows as the audit log writes them). For each history length, in
 * one run, taking turns: a fresh service's first page of 50 jobs (now: it reads the newest files only), and the
 * first page as it was in two earlier versions: the read of the newest month whole, and of every month, that the
 * job index did at its first page (the rows read and the launch rows parsed), each plus the page's own work (the
 * same page again on the loaded index). Prints one table with the medians and their ratios; one warm-up trial per
 * history is not counted.
 *
 * <p>Usage: {@code JobsFirstPageBenchmark [rowsPerMonth] [months,...] [trials]} (defaults 20000, 1,6,24, 5; at least
 * 5,100 rows a month, so that the newest month holds a page of launches and one more); see
 * docs/load-benchmark.md.
 */
@Command(
        name = "JobsFirstPageBenchmark",
        customSynopsis = "JobsFirstPageBenchmark [-h] [rowsPerMonth] [months,...] [trials]",
        description = "What the first GET /v1/jobs page after a start costs as the audit log's history grows.")
public final class JobsFirstPageBenchmark implements Callable<Integer> {
    private static final int LIMIT = 50;
    private static final int SEGMENT_ROWS = 512;
    private static final String RUN_ROUTE = "/v1/jobs:run";
    private static final DateTimeFormatter SEGMENT_STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    @Parameters(
            index = "0",
            arity = "1",
            defaultValue = "20000",
            paramLabel = "rowsPerMonth",
            description = "audit rows a month, at least 5100 (${DEFAULT-VALUE})")
    int rowsPerMonth;

    @Parameters(
            index = "1",
            arity = "1",
            split = ",",
            defaultValue = "1,6,24",
            paramLabel = "months",
            description = "history lengths in months (${DEFAULT-VALUE})")
    List<Integer> histories;

    @Parameters(
            index = "2",
            arity = "1",
            defaultValue = "5",
            paramLabel = "trials",
            description = "trials per length and mode (${DEFAULT-VALUE})")
    int trials;

    @Option(
            names = {"-h", "--help"},
            usageHelp = true,
            description = "print this usage and exit")
    boolean help;

    @Spec
    CommandSpec spec;

    private JobsFirstPageBenchmark() {}

    /**
     * Runs the benchmark.
     *
     * @param args rows per month, history lengths in months, trials per length and mode; see {@code --help}
     */
    public static void main(String[] args) {
        System.exit(BenchCommand.execute(new JobsFirstPageBenchmark(), args));
    }

    @Override
    public Integer call() throws Exception {
        // the newest month must hold a page of launches and one more (one row in a hundred is a launch)
        BenchCommand.atLeast(spec, "rows per month", rowsPerMonth, (LIMIT + 1) * 100);
        for (int months : histories) {
            BenchCommand.atLeast(spec, "months", months, 1);
        }
        BenchCommand.atLeast(spec, "trials", trials, 1);
        System.out.println("| months of audit history | audit rows | launches | first page now, p50 ms"
                + " | newest month read whole, p50 ms | every month read, p50 ms | month/now | every/now |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        for (int months : histories) {
            Path root = Files.createTempDirectory("collab-jobs-first-page-");
            try {
                run(root, rowsPerMonth, months, trials);
            } finally {
                try (Stream<Path> all = Files.walk(root)) {
                    all.sorted(Comparator.reverseOrder())
                            .forEach(p -> p.toFile().delete());
                }
            }
        }
        return 0;
    }

    private static void run(Path root, int rowsPerMonth, int months, int trials) throws Exception {
        Clock clock = Clock.systemUTC();
        CollabConfig config = CollabConfig.custom("org", "collab").build();
        int launches;
        try (FileSystemBucketStore store = FileSystemBucketStore.open(root, clock)) {
            launches = seed(store, config.auditBucket(), clock.instant(), months, rowsPerMonth);
        }
        long[] now = new long[trials];
        long[] month = new long[trials];
        long[] before = new long[trials];
        for (int t = -1; t < trials; t++) { // trial -1 warms the JIT up and is not counted
            long first;
            long again;
            try (FileSystemBucketStore store = FileSystemBucketStore.open(root, clock);
                    CollabService service = service(store, config, clock)) {
                long start = System.nanoTime();
                JobsOverview page = service.session("tok-alice").jobs().overview(LIMIT, Optional.empty());
                first = System.nanoTime() - start;
                if (page.jobs().size() != Math.min(LIMIT, launches)) {
                    throw new IllegalStateException(
                            "expected a full page, got " + page.jobs().size());
                }
                start = System.nanoTime();
                service.session("tok-alice").jobs().overview(LIMIT, Optional.empty());
                again = System.nanoTime() - start; // the page's own work, on a loaded index
            }
            long newest;
            long load;
            try (FileSystemBucketStore store = FileSystemBucketStore.open(root, clock)) {
                AuditLog audit = new AuditLog(store, config.auditBucket(), clock);
                long start = System.nanoTime();
                int seen = readMonths(audit, audit.months().reversed().subList(0, 1));
                newest = System.nanoTime() - start;
                if (seen < LIMIT + 1) {
                    throw new IllegalStateException("the newest month holds only " + seen + " launches");
                }
            }
            try (FileSystemBucketStore store = FileSystemBucketStore.open(root, clock)) {
                AuditLog audit = new AuditLog(store, config.auditBucket(), clock);
                long start = System.nanoTime();
                int seen = readMonths(audit, audit.months());
                load = System.nanoTime() - start;
                if (seen != launches) {
                    throw new IllegalStateException("expected " + launches + " launches, read " + seen);
                }
            }
            if (t >= 0) {
                now[t] = first;
                month[t] = newest + again; // the first page when it read the newest month whole
                before[t] = load + again; // the first page when it read every month
            }
        }
        double p50Now = median(now);
        double p50Month = median(month);
        double p50Before = median(before);
        System.out.println(String.format(
                Locale.ROOT,
                "| %d | %d | %d | %.1f | %.1f | %.1f | %.1f | %.1f |",
                months,
                (long) months * rowsPerMonth,
                launches,
                p50Now,
                p50Month,
                p50Before,
                p50Month / p50Now,
                p50Before / p50Now));
    }

    private static CollabService service(FileSystemBucketStore store, CollabConfig config, Clock clock) {
        return CollabService.builder()
                .store(store)
                .config(config)
                .identity(StaticIdentityProvider.builder()
                        .member("tok-alice", "alice", "org", "admin")
                        .build())
                .clock(clock)
                .build();
    }

    /** What the job index did at its first page before: whole months' rows read, the launch rows parsed. */
    private static int readMonths(AuditLog audit, List<String> months) throws Exception {
        int launches = 0;
        for (String month : months) {
            for (String line : audit.lines(month)) { // nothing is queued here: the durable rows
                if (line.contains(RUN_ROUTE)) {
                    JsonNode row = Json.mapper().readTree(line);
                    launches += row.path("job_id").asText("").isEmpty() ? 0 : 1;
                }
            }
        }
        return launches;
    }

    /**
     * Writes the months' rows in segments of 512, each named with the time of its first row as the audit log names
     * the segment it opens; returns how many are launches.
     */
    private static int seed(FileSystemBucketStore store, BucketId audit, Instant now, int months, int rowsPerMonth) {
        store.create(audit, true);
        ZonedDateTime monthStart =
                now.atZone(ZoneOffset.UTC).withDayOfMonth(1).toLocalDate().atStartOfDay(ZoneOffset.UTC);
        int launches = 0;
        int n = 0;
        for (int m = months - 1; m >= 0; m--) {
            Instant from = monthStart.minusMonths(m).toInstant();
            Instant to = m == 0 ? now : monthStart.minusMonths(m - 1).toInstant();
            long step = Math.max(1, Duration.between(from, to).toMillis() / rowsPerMonth);
            String month = AuditLog.month(from);
            StringBuilder segment = new StringBuilder();
            int inSegment = 0;
            int segments = 0;
            Instant opened = from;
            for (int r = 0; r < rowsPerMonth; r++) {
                Instant ts = from.plusMillis(step * r);
                if (inSegment == 0) {
                    opened = ts;
                }
                boolean launch = n % 100 == 0;
                segment.append(launch ? launchRow(ts, n) : postRow(ts, n));
                launches += launch ? 1 : 0;
                n++;
                if (++inSegment == SEGMENT_ROWS || r == rowsPerMonth - 1) {
                    store.put(
                            audit,
                            BucketPath.of(String.format(
                                    Locale.ROOT,
                                    "audit/%s/%s-seed0001-%06d.jsonl",
                                    month,
                                    SEGMENT_STAMP.format(opened),
                                    ++segments)),
                            segment.toString().getBytes(StandardCharsets.UTF_8));
                    segment.setLength(0);
                    inSegment = 0;
                }
            }
        }
        return launches;
    }

    private static String launchRow(Instant ts, int n) {
        return String.format(
                Locale.ROOT,
                "{\"ts\":\"%s\",\"txn\":\"t%d\",\"agent_id\":\"agent-%d\",\"route\":\"/v1/jobs:run\",\"via\":\"job\","
                        + "\"source\":\"\",\"target_path\":\"runs/r%d\",\"bytes\":0,\"status_code\":202,"
                        + "\"job_id\":\"job-%07d\",\"hf_user\":\"owner%d\"}\n",
                ts,
                n,
                n % 100,
                n,
                n,
                n % 100);
    }

    private static String postRow(Instant ts, int n) {
        return String.format(
                Locale.ROOT,
                "{\"ts\":\"%s\",\"txn\":\"t%d\",\"agent_id\":\"agent-%d\",\"route\":\"/v1/messages\",\"via\":\"raw\","
                        + "\"source\":\"\",\"target_path\":\"message_board/m%d.md\",\"bytes\":420,\"status_code\":201,"
                        + "\"caller_ip\":\"127.0.0.1\",\"user_agent\":\"agent-cli/1.0\"}\n",
                ts,
                n,
                n % 100,
                n);
    }

    private static double median(long[] nanos) {
        long[] s = nanos.clone();
        Arrays.sort(s);
        return s[(s.length - 1) / 2] / 1e6;
    }
}
