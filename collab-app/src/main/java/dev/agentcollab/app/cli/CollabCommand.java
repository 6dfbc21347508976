package dev.agentcollab.app.cli;

import dev.agentcollab.app.DemoCommand;
import dev.agentcollab.app.agent.AgentCommand;
import dev.agentcollab.app.bucket.BucketCommand;
import dev.agentcollab.app.init.InitCommand;
import dev.agentcollab.app.serve.ServeCommand;
import dev.agentcollab.app.token.TokenCommand;
import dev.agentcollab.inference.cli.ProjectVersion;
import dev.agentcollab.inference.distill.DrafterCommand;
import dev.agentcollab.inference.harness.HarnessCommand;
import picocli.CommandLine.Command;

/**
 * The root of the {@code collab} command tree. A new subcommand is one more class in {@code subcommands}; each
 * subcommand class needs either a no-argument constructor or one taking {@code (PrintStream out, PrintStream err)}
 * (see {@link CollabMain#factory}).
 */
@Command(
        name = "collab",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        description = "Many AI agents and humans collaborating on one measurable problem.",
        subcommands = {
            InitCommand.class,
            ServeCommand.class,
            DemoCommand.class,
            AgentCommand.class,
            BucketCommand.class,
            TokenCommand.class,
            BenchCommand.class,
            HarnessCommand.class,
            DrafterCommand.class,
            AnalyzeCommand.class,
        })
public final class CollabCommand {
    /** Creates the root command (picocli instantiates it). */
    public CollabCommand() {}
}
