package dev.agentcollab.app.cli;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;

/**
 * Runs {@code collab bench}, {@code collab harness} and {@code collab drafter} in a JVM that has the Vector API. A
 * JVM started without {@code --add-modules jdk.incubator.vector} (as {@code java -jar collab.jar}, which the agent
 * README's install line writes) would silently fall back to the scalar kernels, several times slower than what
 * benchmark jobs measure, so an agent's own tokens/s would not compare with the leaderboard's. Such a start runs its
 * own command line again with the module added, in a child JVM sharing its standard streams, and exits with the
 * child's status; the {@code collab} script and the jobs add the module themselves and are not affected.
 */
final class VectorApiLaunch {
    /** The commands that run the CPU engine. */
    static final Set<String> COMMANDS = Set.of("bench", "harness", "drafter");

    /** Set in the child's environment, so that a child that still lacks the module never launches another. */
    static final String RELAUNCHED = "COLLAB_VECTOR_API_RELAUNCHED";

    /** The incubating module of the SIMD kernels. */
    static final String MODULE = "jdk.incubator.vector";

    private static final Set<String> HELP = Set.of("-h", "--help", "-V", "--version");

    private VectorApiLaunch() {}

    /**
     * Runs the command in a child JVM with the Vector API when this one needs it and lacks it.
     *
     * @param args the command line
     * @param err where a note goes when the child cannot be started
     * @return the child's exit status, or empty when this JVM runs the command itself
     */
    static OptionalInt runInChildIfNeeded(String[] args, PrintStream err) {
        if (!needsChild(args, ModuleLayer.boot().findModule(MODULE).isPresent(), System.getenv())) {
            return OptionalInt.empty();
        }
        ProcessHandle.Info self = ProcessHandle.current().info();
        Optional<String[]> arguments = self.arguments().or(VectorApiLaunch::procSelfArguments);
        Optional<List<String>> child = childCommand(self.command(), arguments);
        if (child.isEmpty()) {
            err.println(note("this JVM's command line is not readable"));
            return OptionalInt.empty();
        }
        ProcessBuilder pb = new ProcessBuilder(child.get()).inheritIO();
        pb.environment().put(RELAUNCHED, "1");
        Process process;
        try {
            process = pb.start();
        } catch (IOException e) {
            err.println(note("a JVM with it could not be started: " + e.getMessage()));
            return OptionalInt.empty();
        }
        Thread stopChild = new Thread(process::destroy, "collab-stop-child-jvm");
        Runtime.getRuntime().addShutdownHook(stopChild); // a SIGTERM to this JVM also ends the child
        try {
            return OptionalInt.of(process.waitFor());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroy();
            return OptionalInt.of(1);
        }
    }

    /**
     * Whether the command needs a child JVM: it runs the CPU engine, is not a request for help or the version, this
     * JVM lacks the Vector API, and this JVM is not already such a child.
     *
     * @param args the command line
     * @param hasModule whether this JVM resolved {@link #MODULE}
     * @param env the environment
     * @return whether to start a child
     */
    static boolean needsChild(String[] args, boolean hasModule, Map<String, String> env) {
        return args.length > 0
                && COMMANDS.contains(args[0])
                && Arrays.stream(args).noneMatch(HELP::contains)
                && !hasModule
                && !env.containsKey(RELAUNCHED);
    }

    /**
     * This JVM's own command line with {@code --add-modules jdk.incubator.vector} first among its options; empty
     * unless the command line is known and was started by a {@code java} launcher (another launcher's first
     * argument need not be a JVM option).
     *
     * @param command the executable
     * @param arguments its arguments (JVM options, then {@code -jar}, {@code -cp} or {@code -m}, then the command's)
     * @return the child's command line
     */
    static Optional<List<String>> childCommand(Optional<String> command, Optional<String[]> arguments) {
        if (command.isEmpty() || arguments.isEmpty()) {
            return Optional.empty();
        }
        Path exe = Path.of(command.get()).getFileName();
        if (exe == null || !(exe.toString().equals("java") || exe.toString().equals("java.exe"))) {
            return Optional.empty();
        }
        List<String> cmd = new ArrayList<>();
        cmd.add(command.get());
        cmd.add("--add-modules");
        cmd.add(MODULE);
        cmd.addAll(List.of(arguments.get()));
        return Optional.of(cmd);
    }

    /**
     * The JVM's arguments from Linux's {@code /proc/self/cmdline}, where {@link ProcessHandle.Info#arguments()}
     * gives none (it did for a long module path).
     */
    private static Optional<String[]> procSelfArguments() {
        try {
            String cmdline = Files.readString(Path.of("/proc/self/cmdline"), StandardCharsets.UTF_8);
            String[] parts = cmdline.split("\0");
            return parts.length < 2 ? Optional.empty() : Optional.of(Arrays.copyOfRange(parts, 1, parts.length));
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static String note(String why) {
        return "collab: note: the CPU engine runs on its scalar kernels, several times slower than benchmark jobs"
                + " (which add --add-modules " + MODULE + "): " + why;
    }
}
