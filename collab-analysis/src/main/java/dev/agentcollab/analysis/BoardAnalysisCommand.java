package dev.agentcollab.analysis;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.board.Board;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.result.Results;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.function.Function;
import java.util.random.RandomGenerator;
import picocli.CommandLine;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * The board-analysis command: how concentrated are the collaboration's ideas, and what is nobody trying?
 *
 * <pre>
 * collab analyze (--url URL | --board-dir CENTRAL_COPY)
 *      [--k 6] [--techniques FILE] [--seed 1] [--collapse 0.6]
 * </pre>
 *
 * Programmatic use against a live collaboration: {@link #analyze(Board, Results, BoardAnalysisConfig,
 * RandomGenerator)}; {@code --url} does the same through a client the caller's command supplies
 * ({@link Cli#Cli(PrintStream, PrintStream, Function)}), since this module has no HTTP client.
 */
public final class BoardAnalysisCommand {
    /** The most texts of each kind read from a live collaboration. */
    public static final int MAX_TEXTS = 5000;

    /** Exit status of a successful analysis. */
    public static final int OK = 0;

    /** Exit status of an analysis that failed (no board, unreadable catalogue). */
    public static final int FAILED = 1;

    private BoardAnalysisCommand() {}

    /**
     * Analyses a live collaboration through its {@code Collab} features.
     *
     * @param board {@code collab.board()}
     * @param results the results feature
     * @param config the analysis settings
     * @param random the k-means seed source
     * @return the analysis
     */
    public static BoardAnalysis analyze(
            Board board, Results results, BoardAnalysisConfig config, RandomGenerator random) {
        return new BoardAnalyzer(config, random).analyze(BoardTexts.collect(board, results, MAX_TEXTS));
    }

    /**
     * Runs the command and exits (0 ok, 1 failure, 2 bad arguments); a thin delegate to {@code collab analyze}.
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /**
     * Runs the command with picocli's defaults (inside {@code collab}, the tool's own conventions apply).
     *
     * @param args the command line
     * @param out where the report goes
     * @param err where errors go
     * @return the exit status: {@value #OK}, {@value #FAILED}, or 2 for bad arguments
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        return new CommandLine(new Cli(out, err))
                .setOut(new PrintWriter(out, true, StandardCharsets.UTF_8))
                .setErr(new PrintWriter(err, true, StandardCharsets.UTF_8))
                .execute(args.toArray(String[]::new));
    }

    /** {@code collab analyze}: the picocli form of this command. */
    @Command(
            name = "analyze",
            mixinStandardHelpOptions = true,
            sortOptions = false,
            description = {
                "How concentrated are the collaboration's ideas, and what is nobody trying?",
                "Reads a running collaboration (--url) or a copy of its central bucket (message_board/, results/,"
                        + " --board-dir) and prints topics and gaps."
            })
    public static class Cli implements Callable<Integer> {
        @ArgGroup(exclusive = true, multiplicity = "1")
        Source source;

        /** Where the board comes from. */
        static final class Source {
            @Option(
                    names = "--url",
                    paramLabel = "URL",
                    description = "a running collaboration's server, e.g. http://127.0.0.1:8080 (its board and"
                            + " results, read without a token)")
            URI url;

            @Option(names = "--board-dir", paramLabel = "DIR", description = "a central bucket copy")
            Path boardDir;
        }

        @Option(
                names = "--k",
                defaultValue = "6",
                paramLabel = "N",
                description = "most topics (default ${DEFAULT-VALUE})")
        int k;

        @Option(
                names = "--techniques",
                paramLabel = "FILE",
                description = "a technique catalogue: one 'name: keyword, keyword' line per technique (or YAML lists)")
        Path techniques;

        @Option(
                names = "--seed",
                defaultValue = "1",
                paramLabel = "N",
                description = "k-means seed (default ${DEFAULT-VALUE})")
        long seed;

        @Option(
                names = "--collapse",
                defaultValue = "0.6",
                paramLabel = "X",
                description = "share of one topic that counts as collapse (default ${DEFAULT-VALUE})")
        double collapse;

        private final PrintStream out;
        private final PrintStream err;
        private final Function<URI, ? extends Collab> connect;

        /**
         * Creates the command without a client: {@code --url} is refused.
         *
         * @param out where the report goes
         * @param err where errors go
         */
        public Cli(PrintStream out, PrintStream err) {
            this(out, err, null);
        }

        /**
         * Creates the command.
         *
         * @param out where the report goes
         * @param err where errors go
         * @param connect opens a client of the server at a URL for {@code --url} (closed after the reads when it is
         *     {@link AutoCloseable}), or null
         */
        public Cli(PrintStream out, PrintStream err, Function<URI, ? extends Collab> connect) {
            this.out = out;
            this.err = err;
            this.connect = connect;
        }

        /** Creates the command on the standard streams. */
        public Cli() {
            this(System.out, System.err);
        }

        @picocli.CommandLine.Spec
        picocli.CommandLine.Model.CommandSpec spec;

        @Override
        public Integer call() {
            if (!(collapse > 0 && collapse < 1)) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--collapse must be a share between 0 and 1 (exclusive), got " + collapse);
            }
            if (k < 1) {
                throw new picocli.CommandLine.ParameterException(
                        spec.commandLine(), "--k must be at least 1, got " + k);
            }
            try {
                BoardAnalysisConfig config = BoardAnalysisConfig.ofDefaults().withMaxClusters(k);
                if (techniques != null) {
                    config = config.withCatalog(TechniqueCatalog.load(techniques));
                }
                BoardAnalysis analysis = source.url != null
                        ? live(source.url, config)
                        : new BoardAnalyzer(config, new SplittableRandom(seed))
                                .analyze(BoardFiles.read(source.boardDir));
                out.print(BoardAnalysisReport.render(analysis, collapse));
                return OK;
            } catch (CollabException | IllegalArgumentException e) {
                err.println("collab analyze: " + e.getMessage());
                return FAILED;
            }
        }

        private BoardAnalysis live(URI url, BoardAnalysisConfig config) {
            if (connect == null) {
                throw new IllegalArgumentException("--url needs the collab command's client; use --board-dir here");
            }
            Collab collab = connect.apply(url);
            try {
                return analyze(collab.board(), collab.results(), config, new SplittableRandom(seed));
            } finally {
                if (collab instanceof AutoCloseable c) {
                    try {
                        c.close();
                    } catch (Exception e) {
                        err.println("collab analyze: closing the client: " + e.getMessage());
                    }
                }
            }
        }
    }
}
