package dev.agentcollab.app.cli;

import dev.agentcollab.analysis.BoardAnalysisCommand;
import dev.agentcollab.core.http.CollabClient;
import java.io.PrintStream;
import picocli.CommandLine.Command;

/**
 * {@code collab analyze}: the board analysis of collab-analysis, with {@code --url} reading a running collaboration
 * through {@link CollabClient} (its board and results pages are tokenless reads).
 */
@Command(name = "analyze")
public final class AnalyzeCommand extends BoardAnalysisCommand.Cli {
    /**
     * Creates the command.
     *
     * @param out where the report goes
     * @param err where errors go
     */
    public AnalyzeCommand(PrintStream out, PrintStream err) {
        super(out, err, CollabClient::create);
    }
}
