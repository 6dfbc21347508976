package dev.agentcollab.app.init;

import picocli.CommandLine.Command;

/** {@code collab init}: starts a new collaboration. */
@Command(name = "init", mixinStandardHelpOptions = true, description = "Starts a new collaboration.")
public final class InitCommand {
    /** Creates the command. */
    public InitCommand() {}
}
