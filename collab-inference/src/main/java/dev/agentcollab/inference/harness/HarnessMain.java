package dev.agentcollab.inference.harness;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.cli.Commands;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.OptionalDouble;

/**
 * The harness entry point run by the local job runner and by HF Jobs (a thin delegate to {@link HarnessCommand},
 * also reachable as {@code collab harness}):
 * {@code java -Djava.awt.headless=true -cp <classpath> dev.agentcollab.inference.harness.HarnessMain
 * --submission-dir /submission --state-dir /state [--private-dir /private] [options]}. See {@link HarnessArgs}
 * for the options and {@code docs/harness.md} for the layouts.
 *
 * <p>Writes into the state directory: {@code summary.json} (the contract file), {@code result.md} (a result file
 * ready to promote), {@code summary.txt} (a table) and {@code chart.png}. Exit status 0 on success, 1 when the run
 * failed ({@code summary.json} then holds {@code {"status":"error","message":...}}), 2 for bad arguments.
 */
public final class HarnessMain {
    private HarnessMain() {}

    /**
     * The command prefix that runs this harness in a fresh JVM with the current class path, for the jobs
     * configuration's interpreter (the runner appends {@code /harness/<entrypoint> --submission-dir ...}; make the
     * entrypoint the data folder's name, e.g. {@code data}).
     * This only works where the job runs on this machine; for jobs that run from jars stored in the bucket (Hugging
     * Face Jobs) bundle them with {@link HarnessBundle} and use {@code JavaHarnessPreset} of collab-core.
     *
     * @return {@code [<java.home>/bin/java, -Djava.awt.headless=true, --enable-native-access=ALL-UNNAMED, --add-modules, jdk.incubator.vector, -cp,
     *     <class path, absolute>, dev.agentcollab.inference.harness.HarnessMain]}
     */
    public static List<String> javaInterpreter() {
        return List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djava.awt.headless=true",
                "--enable-native-access=ALL-UNNAMED",
                "--add-modules",
                "jdk.incubator.vector",
                "-cp",
                absoluteClassPath(System.getProperty("java.class.path", "")),
                HarnessMain.class.getName());
    }

    /** Class-path entries made absolute, so that a job running in another folder finds them. */
    static String absoluteClassPath(String classPath) {
        return java.util.Arrays.stream(classPath.split(java.io.File.pathSeparator))
                .filter(e -> !e.isEmpty())
                .map(e -> e.endsWith("*")
                        ? Path.of(e.substring(0, e.length() - 1)).toAbsolutePath() + java.io.File.separator + "*"
                        : Path.of(e).toAbsolutePath().toString())
                .collect(java.util.stream.Collectors.joining(java.io.File.pathSeparator));
    }

    /**
     * Runs the harness and exits with its status.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.setProperty("java.awt.headless", "true");
        System.exit(Commands.execute(new HarnessCommand(), args, System.out, System.err));
    }

    /**
     * Runs the harness.
     *
     * @param args the command line
     * @param env the environment
     * @param out where the table is printed
     * @param err where progress and errors go
     * @param ticker the monotonic time source for tokens/s
     * @param clock the wall clock for timestamps
     * @return the exit status (0 ok, 1 run failed, 2 bad arguments)
     */
    public static int run(
            List<String> args,
            Map<String, String> env,
            PrintStream out,
            PrintStream err,
            Ticker ticker,
            InstantSource clock) {
        HarnessArgs a;
        try {
            a = HarnessArgs.parse(args, env);
        } catch (CollabException e) {
            err.println("error: " + e.getMessage());
            e.hint().ifPresent(err::println);
            return 2;
        }
        return execute(a, out, err, ticker, clock);
    }

    /**
     * Runs the harness on parsed arguments.
     *
     * @param a the arguments
     * @param out where the table is printed
     * @param err where progress and errors go
     * @param ticker the monotonic time source for tokens/s
     * @param clock the wall clock for timestamps
     * @return the exit status (0 ok, 1 run failed)
     */
    static int execute(HarnessArgs a, PrintStream out, PrintStream err, Ticker ticker, InstantSource clock) {
        try {
            ProgressListener progress = a.progress()
                    ? TerminalProgressBar.forStream(err, ticker, TerminalProgressBar.interactive())
                    : ProgressListener.NONE;
            BenchmarkHarness harness = new BenchmarkHarness(
                    a.config(),
                    EngineSubmissionModel.loader(a.maxSequence(), ticker),
                    ticker,
                    clock,
                    progress,
                    JitSettle.runtime());
            SubmissionLayout submission = SubmissionLayout.read(a.submissionDir());
            HarnessData data = HarnessData.load(a.dataDir());
            if (a.referenceModel().isPresent()) {
                data = data.withReference(
                        harness.measureReference(a.referenceModel().get(), data));
            }
            HarnessSummary summary = harness.run(submission, data, a.referenceModel());
            writeOutputs(a.stateDir(), summary, a.scoreField());
            out.print(SummaryTable.render(List.of(summary)));
            return 0;
        } catch (CollabException e) {
            err.println("error: " + e.code() + ": " + e.getMessage());
            e.hint().ifPresent(h -> err.println("hint: " + h));
            SummaryJson.writeError(a.stateDir(), e.code() + ": " + e.getMessage());
            return 1;
        } catch (RuntimeException e) {
            err.println("error: " + e);
            SummaryJson.writeError(a.stateDir(), String.valueOf(e));
            return 1;
        }
    }

    /**
     * Writes {@code summary.json}, {@code result.md}, {@code summary.txt} and {@code chart.png}.
     *
     * @param stateDir the state directory
     * @param summary the run's summary
     * @param scoreField the results score field name
     */
    public static void writeOutputs(Path stateDir, HarnessSummary summary, String scoreField) {
        SummaryJson.write(stateDir, summary, scoreField);
        try {
            Files.writeString(
                    stateDir.resolve("result.md"),
                    ResultFile.fromSummary(summary, scoreField, "").render());
            Files.writeString(stateDir.resolve("summary.txt"), SummaryTable.render(List.of(summary)));
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INTERNAL, "cannot write outputs to " + stateDir)
                    .withCause(e);
        }
        TpsPerplexityChart.write(
                stateDir.resolve("chart.png"),
                "tokens/s vs perplexity",
                List.of(ChartPoint.of(summary)),
                OptionalDouble.of(summary.pplCap()));
    }
}
