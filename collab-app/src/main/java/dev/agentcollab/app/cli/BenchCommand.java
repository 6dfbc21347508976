package dev.agentcollab.app.cli;

import dev.agentcollab.inference.bench.ContendedVerificationBenchCommand;
import dev.agentcollab.inference.bench.SpecDecodeBenchCommand;
import dev.agentcollab.inference.cli.ProjectVersion;
import picocli.CommandLine.Command;

/** {@code collab bench}: the benchmark commands of collab-inference. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        description = "Inference benchmarks that print tables.",
        subcommands = {SpecDecodeBenchCommand.class, ContendedVerificationBenchCommand.class})
public final class BenchCommand {
    /** Creates the command (picocli instantiates it). */
    public BenchCommand() {}
}
