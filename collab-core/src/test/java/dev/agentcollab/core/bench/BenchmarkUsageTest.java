package dev.agentcollab.core.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.core.http.bench.LoadBenchmark;
import dev.agentcollab.core.http.bench.ScaleBenchmark;
import dev.agentcollab.core.service.job.JobsFirstPageBenchmark;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/**
 * The benchmarks' documented commands (docs/load-benchmark.md) parse as documented, and a command line they cannot run
 * is answered with one line that names the argument, their usage and exit status 2, before they seed or start
 * anything; never with a stack trace.
 */
class BenchmarkUsageTest {

    /** What a benchmark's JVM printed on standard output and error, and its exit status. */
    private record Run(int exit, String out, String err) {}

    private static Run run(Class<?> main, String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        Path out = Files.createTempFile("bench-usage-", ".out");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(main.getSimpleName() + " did not stop: " + err);
            }
            return new Run(p.exitValue(), Files.readString(out), err);
        } finally {
            Files.deleteIfExists(out);
        }
    }

    private static void assertUsage(Run run, String message, String usage) {
        assertEquals(2, run.exit(), run.err());
        assertTrue(run.err().contains("error: " + message), run.err());
        assertTrue(run.err().contains("Usage: " + usage), run.err());
        assertFalse(run.err().contains("Exception") || run.err().contains("\tat "), run.err());
        assertEquals("", run.out(), "nothing is seeded or started, so nothing is reported");
    }

    /** A command line parsed as the benchmark's {@code main} parses it, without running the benchmark. */
    private static CommandSpec parse(Class<?> main, String... args) {
        CommandLine cl = new CommandLine(main);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        cl.parseArgs(args);
        return cl.getCommandSpec();
    }

    private static Object option(CommandSpec spec, String name) {
        return spec.findOption(name).getValue();
    }

    private static List<Object> positional(CommandSpec spec) {
        return spec.positionalParameters().stream()
                .map(p -> (Object) p.getValue())
                .toList();
    }

    @Test
    void loadBenchmarkNamesAnUnknownOptionAScenarioAndANumber() throws Exception {
        assertUsage(run(LoadBenchmark.class, "--bogus", "5", "20", "3"), "Unknown option: '--bogus'", "LoadBenchmark ");
        assertUsage(
                run(LoadBenchmark.class, "--scenarios=INBOX,FOO", "5"),
                "Invalid value for option '--scenarios' (SCENARIO): expected one of [INBOX, POST, LEADERBOARD]"
                        + " (case-insensitive) but was 'FOO'",
                "LoadBenchmark ");
        assertUsage(
                run(LoadBenchmark.class, "--store=s3"),
                "Invalid value for option '--store': expected one of [MEM, FILE] (case-insensitive) but was 's3'",
                "LoadBenchmark ");
        assertUsage(
                run(LoadBenchmark.class, "--warmup=x"),
                "Invalid value for option '--warmup': 'x' is not an int",
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
        assertUsage(run(ScaleBenchmark.class, "--bogus", "10", "1000"), "Unknown option: '--bogus'", "ScaleBenchmark ");
        assertUsage(
                run(ScaleBenchmark.class, "10", "1k"),
                "Invalid value for positional parameter at index 1..* (size): '1k' is not an int",
                "ScaleBenchmark ");
    }

    @Test
    void jobsFirstPageBenchmarkSaysHowManyRowsAMonthItNeeds() throws Exception {
        assertUsage(
                run(JobsFirstPageBenchmark.class, "1000", "1,6", "1"),
                "rows per month must be >= 5100, but was 1000",
                "JobsFirstPageBenchmark ");
        assertUsage(
                run(JobsFirstPageBenchmark.class, "6000", "1,x"),
                "Invalid value for positional parameter at index 1 (months): 'x' is not an int",
                "JobsFirstPageBenchmark ");
    }

    @Test
    void helpPrintsTheUsageAndExitsZero() throws Exception {
        Run run = run(JobsFirstPageBenchmark.class, "--help");
        assertEquals(0, run.exit(), run.err());
        assertTrue(run.out().startsWith("Usage: JobsFirstPageBenchmark "), run.out());
    }

    @Test
    void loadBenchmarkReadsItsDocumentedCommandLines() {
        CommandSpec spec = parse(
                LoadBenchmark.class,
                "--clients-jvm",
                "--warmup=50",
                "--store=file",
                "--scenarios=POST",
                "200",
                "200",
                "20");
        // a bare --clients-jvm takes no value: 200 is still the number of clients
        assertEquals("", option(spec, "--clients-jvm"));
        assertEquals(50, option(spec, "--warmup"));
        assertEquals("FILE", option(spec, "--store").toString());
        assertEquals("[POST]", option(spec, "--scenarios").toString());
        assertEquals(List.of(200, 200, 20), positional(spec));

        spec = parse(
                LoadBenchmark.class,
                "--clients-jvm",
                "--warmup=100",
                "--rate=1000",
                "--scenarios=INBOX",
                "200",
                "100",
                "30");
        assertEquals(1000.0, option(spec, "--rate"));
        assertEquals(List.of(200, 100, 30), positional(spec));

        spec = parse(LoadBenchmark.class, "--scenarios=POST,LEADERBOARD", "--warmup", "50", "200", "200", "20");
        assertEquals("[POST, LEADERBOARD]", option(spec, "--scenarios").toString());
        assertEquals(50, option(spec, "--warmup"));

        spec = parse(LoadBenchmark.class, "200", "50", "30");
        assertEquals(null, option(spec, "--clients-jvm"));
        assertEquals(10, option(spec, "--warmup"));
        assertEquals("MEM", option(spec, "--store").toString());
        assertEquals("[INBOX, POST, LEADERBOARD]", option(spec, "--scenarios").toString());
        assertEquals(false, option(spec, "--if-none-match"));

        spec = parse(LoadBenchmark.class, "5", "--clients-jvm=-Xmx1g -Xss2m", "20", "--if-none-match");
        assertEquals("-Xmx1g -Xss2m", option(spec, "--clients-jvm"));
        assertEquals(true, option(spec, "--if-none-match"));
        assertEquals(List.of(5, 20, 30), positional(spec));
        assertEquals(List.of("-Xmx1g", "-Xss2m"), BenchCommand.jvmOptions("-Xmx1g -Xss2m"));
        assertEquals(List.of(), BenchCommand.jvmOptions(""));
    }

    @Test
    void scaleBenchmarkReadsItsDocumentedCommandLines() {
        CommandSpec spec = parse(
                ScaleBenchmark.class,
                "--server-jvm=-Xmx384m -XX:+UseSerialGC -Djdk.nio.maxCachedBufferSize=262144",
                "--results=20000",
                "1000",
                "1000");
        assertEquals("-Xmx384m -XX:+UseSerialGC -Djdk.nio.maxCachedBufferSize=262144", option(spec, "--server-jvm"));
        assertEquals(20000, option(spec, "--results"));
        assertEquals(100, option(spec, "--warmup"));
        assertEquals(List.of(1000, List.of(1000)), positional(spec));

        spec = parse(
                ScaleBenchmark.class, "--server-jvm=-Xmx384m -XX:+UseSerialGC", "--warmup=5", "1000", "1000", "100000");
        assertEquals(5, option(spec, "--warmup"));
        assertEquals(List.of(1000, List.of(1000, 100000)), positional(spec));

        spec = parse(ScaleBenchmark.class, "1000", "1000", "20000", "100000");
        assertEquals(null, option(spec, "--server-jvm"));
        assertEquals(2000, option(spec, "--results"));
        assertEquals(List.of(1000, List.of(1000, 20000, 100000)), positional(spec));

        // options in any order, among the positional arguments
        spec = parse(ScaleBenchmark.class, "10", "--results=5", "1000", "--warmup", "3");
        assertEquals(5, option(spec, "--results"));
        assertEquals(3, option(spec, "--warmup"));
        assertEquals(List.of(10, List.of(1000)), positional(spec));
    }

    @Test
    void jobsFirstPageBenchmarkReadsItsDocumentedCommandLines() {
        assertEquals(List.of(20000, List.of(1, 6, 24), 5), positional(parse(JobsFirstPageBenchmark.class)));
        assertEquals(
                List.of(100000, List.of(1, 6), 5),
                positional(parse(JobsFirstPageBenchmark.class, "100000", "1,6", "5")));
        assertEquals(
                List.of(20000, List.of(1, 6, 24), 5),
                positional(parse(JobsFirstPageBenchmark.class, "20000", "1,6,24", "5")));
    }
}
