package dev.agentcollab.app.agent;

import dev.agentcollab.api.result.ResultReceipt;
import dev.agentcollab.api.result.VerdictReceipt;
import dev.agentcollab.api.result.VerdictRequest;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/**
 * {@code collab agent result submit}: promote a result file (frontmatter with the score) from your bucket;
 * {@code collab agent result verify}: an organizer's verdict on a result.
 */
@Command(
        name = "result",
        mixinStandardHelpOptions = true,
        description = "Submit results; organizers give verdicts.",
        subcommands = {ResultCommand.Submit.class, ResultCommand.Verify.class})
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

    /** {@code result verify}. */
    @Command(
            name = "verify",
            mixinStandardHelpOptions = true,
            description = "Organizers: give a result a verdict (valid, invalid, or pending to reopen it). It counts at"
                    + " once, the automated verifier keeps to it, and the board announces it to the result's author.")
    static final class Verify extends AgentAction {
        @Parameters(index = "0", paramLabel = "RESULT", description = "the result's filename (results/ may lead it)")
        String result;

        @Parameters(index = "1", paramLabel = "VERDICT", description = "valid, invalid or pending")
        String verdict;

        @Option(
                names = "--reason",
                required = true,
                paramLabel = "TEXT",
                description = "what you checked and what it showed; posted with the verdict")
        String reason;

        @Override
        protected void execute(AgentSession s, Output out) {
            String filename = result.startsWith("results/") ? result.substring("results/".length()) : result;
            VerdictReceipt r = s.client().results().setVerification(filename, new VerdictRequest(verdict, reason));
            out.result(r, w -> {
                w.println(r.filename() + ": " + r.previous() + " -> " + r.verification() + " (announced in "
                        + r.announcement() + ")");
            });
        }
    }
}
