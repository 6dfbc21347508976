package dev.agentcollab.inference.analysis;

import dev.agentcollab.api.board.Board;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.result.Results;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.random.RandomGenerator;

/**
 * The board-analysis command: how concentrated are the collaboration's ideas, and what is nobody trying?
 *
 * <pre>
 * java -cp ... dev.agentcollab.inference.analysis.BoardAnalysisCommand --board-dir CENTRAL_COPY
 *      [--k 6] [--techniques FILE] [--seed 1] [--collapse 0.6]
 * </pre>
 *
 * Programmatic use against a live collaboration: {@link #analyze(Board, Results, BoardAnalysisConfig,
 * RandomGenerator)}.
 */
public final class BoardAnalysisCommand {
    /** The most texts of each kind read from a live collaboration. */
    public static final int MAX_TEXTS = 5000;

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
     * Runs the command and exits (0 ok, 1 failure, 2 bad arguments).
     *
     * @param args the command line
     */
    public static void main(String[] args) {
        System.exit(run(List.of(args), System.out, System.err));
    }

    /**
     * Runs the command.
     *
     * @param args the command line
     * @param out where the report goes
     * @param err where errors go
     * @return the exit status
     */
    public static int run(List<String> args, PrintStream out, PrintStream err) {
        Map<String, String> m = new HashMap<>();
        for (int i = 0; i + 1 < args.size(); i += 2) {
            m.put(args.get(i), args.get(i + 1));
        }
        if (args.size() % 2 != 0 || !m.containsKey("--board-dir")) {
            err.println(
                    "usage: BoardAnalysisCommand --board-dir DIR [--k N] [--techniques FILE] [--seed N] [--collapse X]");
            return 2;
        }
        Logger.getLogger("org.tribuo").setLevel(Level.WARNING);
        try {
            BoardAnalysisConfig config =
                    BoardAnalysisConfig.ofDefaults().withMaxClusters(Integer.parseInt(m.getOrDefault("--k", "6")));
            if (m.containsKey("--techniques")) {
                config = config.withCatalog(TechniqueCatalog.load(Path.of(m.get("--techniques"))));
            }
            BoardAnalysis analysis = new BoardAnalyzer(
                            config, new SplittableRandom(Long.parseLong(m.getOrDefault("--seed", "1"))))
                    .analyze(BoardFiles.read(Path.of(m.get("--board-dir"))));
            out.print(BoardAnalysisReport.render(analysis, Double.parseDouble(m.getOrDefault("--collapse", "0.6"))));
            return 0;
        } catch (CollabException | IllegalArgumentException e) {
            err.println("error: " + e.getMessage());
            return 1;
        }
    }
}
