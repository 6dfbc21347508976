package dev.agentcollab.app.agent;

import dev.agentcollab.api.sync.SyncReceipt;
import dev.agentcollab.app.Counted;
import java.nio.file.Path;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code collab agent sync}: copy a folder of the agent's bucket into the central bucket, to
 * {@code artifacts/<slug>_<agent>/} or {@code shared_resources/<path>/}.
 */
@Command(
        name = "sync",
        mixinStandardHelpOptions = true,
        description = "Copy a folder of your bucket to artifacts/<slug>_<agent>/ (--dest-slug) or"
                + " shared_resources/<path>/ (--shared).")
final class SyncCommand extends AgentAction {
    @ArgGroup(exclusive = true, multiplicity = "1")
    From from;

    static final class From {
        @Option(names = "--dir", paramLabel = "DIR", description = "a local folder, uploaded to your bucket first")
        Path dir;

        @Option(names = "--source", paramLabel = "URI", description = "a folder already in your bucket")
        String source;
    }

    @Option(names = "--as", paramLabel = "PREFIX", description = "bucket prefix for --dir (default sync/<folder>)")
    String as;

    @ArgGroup(exclusive = true, multiplicity = "1")
    To to;

    static final class To {
        @Option(names = "--dest-slug", paramLabel = "SLUG", description = "to artifacts/<SLUG>_<agent>/")
        String slug;

        @Option(names = "--shared", paramLabel = "PATH", description = "to shared_resources/<PATH>/")
        String shared;
    }

    @Override
    protected void execute(AgentSession s, Output out) {
        String source = from.source != null
                ? from.source
                : s.uploadDir(from.dir, as != null ? as : "sync/" + from.dir.getFileName());
        SyncReceipt r = to.slug != null
                ? s.client().sync().artifacts(source, to.slug)
                : s.client().sync().sharedResources(source, to.shared);
        out.result(
                r,
                w -> w.println("copied " + Counted.of(r.files().size(), "file") + " ("
                        + Counted.of(r.bytesCopied(), "byte") + ") to " + r.dest()));
    }
}
