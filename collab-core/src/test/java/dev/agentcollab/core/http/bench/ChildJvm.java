package dev.agentcollab.core.http.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Starts a benchmark's other side (server or clients) in a JVM of its own, on this JVM's class path. */
final class ChildJvm {
    private ChildJvm() {}

    /**
     * Starts a main class with this JVM's {@code java} and class path; its standard error goes to this one's.
     *
     * @param options the child's JVM options, e.g. {@code -Xmx384m}
     * @param main the class whose {@code main} runs
     * @param args its arguments
     * @return the process, its standard streams open to the caller
     */
    static Process start(List<String> options, Class<?> main, String... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(options);
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), main.getName()));
        command.addAll(List.of(args));
        return new ProcessBuilder(command)
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
    }
}
