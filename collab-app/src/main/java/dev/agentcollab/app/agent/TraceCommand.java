package dev.agentcollab.app.agent;

import dev.agentcollab.api.trace.TraceReceipt;
import dev.agentcollab.app.Counted;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code collab agent trace share}: promote a session trace bundle ({@code traces/<session>/manifest.md}). */
@Command(
        name = "trace",
        mixinStandardHelpOptions = true,
        description = "Share session traces.",
        subcommands = {TraceCommand.Share.class})
final class TraceCommand extends CommandGroup {
    /** {@code trace share}. */
    @Command(
            name = "share",
            mixinStandardHelpOptions = true,
            description = "Share a trace bundle: a folder with manifest.md (schema_version, harness, session_id,"
                    + " usage...) and, for --share full, the native log it names.")
    static final class Share extends AgentAction {
        @ArgGroup(exclusive = true, multiplicity = "1")
        From from;

        static final class From {
            @Option(names = "--dir", paramLabel = "DIR", description = "a local bundle folder, uploaded first")
            Path dir;

            @Option(names = "--source", paramLabel = "URI", description = "hf://buckets/.../traces/<session>")
            String source;
        }

        @Option(names = "--session", description = "session id for --dir (default: the folder's name)")
        String session;

        @Option(names = "--share", description = "stats (default) or full (also copies the native log)")
        String share = "stats";

        @Override
        protected void execute(AgentSession s, Output out) {
            if (!share.equals("stats") && !share.equals("full")) {
                throw new UsageException("--share must be stats or full, but was '" + share + "'");
            }
            String source = from.source;
            if (source == null) {
                String id = session != null ? session : from.dir.getFileName().toString();
                source = s.uploadDir(from.dir, "traces/" + id);
            }
            TraceReceipt r = s.client().traces().share(source, share);
            out.result(
                    r,
                    w -> w.println("shared " + r.path() + " (share: " + r.share() + ", completeness: "
                            + r.completeness() + ", " + Counted.of(r.filesCopied(), "log file") + ", "
                            + Counted.of(r.bytesCopied(), "byte") + " copied)"));
        }
    }
}
