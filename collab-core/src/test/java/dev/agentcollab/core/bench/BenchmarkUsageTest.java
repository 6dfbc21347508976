package dev.agentcollab.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.core.http.bench.LoadBenchmark;
import dev.agentcollab.core.http.bench.ScaleBenchmark;
import dev.agentcollab.core.service.job.JobsFirstPageBenchmark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The benchmarks' documented commands (docs/load-benchmark.md) answer a command line they cannot run with one line
 * that names the argument, their usage and exit status 2, before they seed or start anything; never with a stack
 * trace.
 */
class BenchmarkUsageTest {

    /** What a benchmark's JVM printed on standard error and its exit status. */
    private record Run(int exit, String err) {}

    private static Run run(Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError(main.getSimpleName() + " did not stop: " + err);
        }
        return new Run(p.exitValue(), err);
    }

    private static void assertUsage(Run run, String message, String usage) {
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("error: " + message), run.err());
        assertTrue(run.err().contains("usage: " + usage), run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
    }

    @Test
    void loadBenchmarkNamesAnUnknownOptionAScenarioAndANumber() throws Exception {
        assertUsage(run(LoadBenchmark.class, "--bogus", "5", "20", "3"), "unknown option --bogus", "LoadBenchmark ");
        assertUsage(run(LoadBenchmark.class, "--scenarios=INBOX,FOO", "5"), "unknown scenario 'FOO'", "LoadBenchmark ");
        assertUsage(run(LoadBenchmark.class, "--store=s3"), "--store must be mem or file", "LoadBenchmark ");
        assertUsage(
                run(LoadBenchmark.class, "--warmup=x"),
                "--warmup must be a whole number, but was 'x'",
                "LoadBenchmark ");
        // a bare --clients-jvm is read, and the count after it checked
        assertUsage(
                run(LoadBenchmark.class, "--clients-jvm", "0", "20", "3"),
                "clients must be >= 1, but was 0",
                "LoadBenchmark ");
    }

    @Test
    void scaleBenchmarkTakesItsOptionsInAnyOrderAndNamesAWrongOne() throws Exception {
        // --results before --warmup used to be read as the number of agents; --results=0 shows both were read
        assertUsage(
                run(ScaleBenchmark.class, "--warmup=5", "--results=0", "10", "1000"),
                "--results must be >= 1, but was 0",
                "ScaleBenchmark ");
        assertUsage(run(ScaleBenchmark.class, "--bogus", "10", "1000"), "unknown option --bogus", "ScaleBenchmark ");
        assertUsage(
                run(ScaleBenchmark.class, "10", "1k"),
                "message count must be a whole number, but was '1k'",
                "ScaleBenchmark ");
    }

    @Test
    void jobsFirstPageBenchmarkSaysHowManyRowsAMonthItNeeds() throws Exception {
        assertUsage(
                run(JobsFirstPageBenchmark.class, "1000", "1,6", "1"),
                "rows per month must be >= 5100, but was 1000",
                "JobsFirstPageBenchmark ");
    }

    @Test
    void flagsAreReadWhereverTheyStand() {
        BenchArgs args = BenchArgs.parse(
                new String[] {"10", "--warmup=5", "1000", "--bare", "--opts=-Xmx1g -Xss2m", "--jvm"},
                java.util.Set.of("--warmup", "--bare", "--opts", "--jvm", "--absent"));
        assertEquals(List.of("10", "1000"), args.positional(2));
        assertEquals(5, args.intFlag("--warmup", 100, 0));
        assertEquals(100, args.intFlag("--absent", 100, 0));
        assertTrue(args.bare("--bare"));
        assertEquals("-Xmx1g -Xss2m", args.text("--opts", ""));
        assertEquals("-Xmx1g -Xss2m", args.optionalText("--opts"));
        assertTrue(args.has("--jvm"));
        assertEquals("", args.optionalText("--jvm"));
    }
}
