package dev.agentcollab.app.agent;

import dev.agentcollab.api.result.ResultReceipt;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code collab agent result submit}: promote a result file (frontmatter with the score) from your bucket. */
@Command(
        name = "result",
        mixinStandardHelpOptions = true,
        description = "Submit results.",
        subcommands = {ResultCommand.Submit.class})
final class ResultCommand extends CommandGroup {
    /** {@code result submit}. */
    @Command(
            name = "submit",
            mixinStandardHelpOptions = true,
            description = "Promote a result: markdown with frontmatter (score field, method, status agent-run|negative,"
                    + " description).")
    static final class Submit extends AgentAction {
        @ArgGroup(exclusive = true, multiplicity = "1")
        From from;

        static final class From {
            @Option(names = "--file", paramLabel = "FILE", description = "a local result file, uploaded first")
            Path file;

            @Option(names = "--source", paramLabel = "URI", description = "a result file already in your bucket")
            String source;
        }

        @Option(names = "--as", paramLabel = "PATH", description = "bucket path for --file (default results/<name>)")
        String as;

        @Override
        protected void execute(AgentSession s, Output out) {
            String source = from.source != null
                    ? from.source
                    : s.uploadFile(from.file, as != null ? as : "results/" + from.file.getFileName());
            ResultReceipt r = s.client().results().promote(source);
            out.result(r, w -> {
                w.println("promoted " + r.path() + " (via " + r.via() + "); verification starts pending");
            });
        }
    }
}
