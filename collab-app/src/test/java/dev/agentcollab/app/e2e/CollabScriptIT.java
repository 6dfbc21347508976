package dev.agentcollab.app.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;
import org.junit.jupiter.api.io.TempDir;

/**
 * The project's {@code collab} script as an agent runs it: through a symbolic link on its {@code PATH}, from its own
 * folder, with a relative {@code --file}, against {@code collab serve}. The script finds the project through the link
 * and leaves the agent's folder as the working folder, so the relative path names the agent's file.
 */
@EnabledIfSystemProperty(named = "collab.jar", matches = ".+", disabledReason = "runs after package (mvn verify)")
class CollabScriptIT {
    private static final String TOKEN = "tok-local-ada-example";

    @TempDir
    Path dir;

    @Test
    @Timeout(180)
    void relativePathsAreTheCallersThroughALinkedScript() throws Exception {
        Path project = CollabProcess.examples()
                .toAbsolutePath()
                .normalize()
                .getParent()
                .getParent();
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.createSymbolicLink(bin.resolve("collab"), project.resolve("collab"));
        Path work = Files.createDirectories(dir.resolve("agent-work"));
        Files.writeString(work.resolve("kv.md"), "# kv ring\n\nwe try a ring buffer of the window\n");

        try (CollabProcess server = CollabProcess.serveLocal(dir)) {
            URI api = server.awaitListening(Duration.ofSeconds(90));
            String buckets = "file:" + dir.resolve("buckets");
            String registered = script(bin, work, api, buckets, "register", "--model", "m", "--harness", "h");
            assertTrue(registered.contains("registered drafter-lab"), registered);
            String created = script(bin, work, api, buckets, "taskforce", "create", "--file", "kv.md", "kv-ring");
            assertTrue(created.contains("created taskforce kv-ring"), created);
            String read = script(bin, work, api, buckets, "taskforce", "read", "kv-ring");
            assertTrue(read.contains("ring buffer of the window"), read);
            server.terminate(Duration.ofSeconds(30));
        }
    }

    @Test
    @Timeout(120)
    void aRebuildLeavesTheRunningJarReadableAndAFailedOneRestoresIt() throws Exception {
        Path project = CollabProcess.examples()
                .toAbsolutePath()
                .normalize()
                .getParent()
                .getParent();
        Path copy = Files.createDirectories(dir.resolve("project"));
        Files.copy(project.resolve("collab"), copy.resolve("collab"));
        Path jar = Files.createDirectories(copy.resolve("collab-app/target")).resolve("collab.jar");
        Files.writeString(jar, "the jar a server runs from");
        Files.writeString(copy.resolve("pom.xml"), "newer than the jar");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(0));
        // a stand-in for Maven: fails when the old jar is still at its path (a build would rewrite it in place),
        // else writes the real packaged jar there, or fails when asked to
        Path bin = Files.createDirectories(dir.resolve("fake-bin"));
        Files.writeString(
                bin.resolve("mvn"),
                "#!/bin/bash\n"
                        + "echo run >> builds.log\n"
                        + "[ -e collab-app/target/collab.jar ] && { echo 'the old jar is still in place'; exit 3; }\n"
                        + "[ -n \"${FAIL_BUILD:-}\" ] && { echo 'compilation failed'; exit 1; }\n"
                        + "sleep \"${BUILD_SECONDS:-0}\"\n"
                        + "cp '" + CollabProcess.jar() + "' collab-app/target/collab.jar.part\n"
                        + "mv collab-app/target/collab.jar.part collab-app/target/collab.jar\n");
        Files.setPosixFilePermissions(
                bin.resolve("mvn"), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));

        try (java.nio.channels.FileChannel running = java.nio.channels.FileChannel.open(jar)) {
            Process ok = script(copy, bin, false);
            String out = new String(ok.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(ok.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, ok.exitValue(), out);
            assertTrue(out.contains("collab agent "), out);
            java.nio.ByteBuffer b = java.nio.ByteBuffer.allocate(64);
            running.read(b, 0);
            assertEquals("the jar a server runs from", new String(b.array(), 0, b.position(), StandardCharsets.UTF_8));
        }

        // two commands at once while a build takes a while: one build, and both run on the new jar
        Files.writeString(jar, "stale again");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(0));
        Files.deleteIfExists(copy.resolve("builds.log"));
        List<Process> both = new ArrayList<>();
        for (int i = 0; i < 2; i++) {
            ProcessBuilder pb = scriptCommand(copy, bin, false);
            pb.environment().put("BUILD_SECONDS", "2");
            both.add(pb.start());
        }
        for (Process p : both) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("collab agent "), out);
        }
        assertEquals(List.of("run"), Files.readAllLines(copy.resolve("builds.log")), "builds run");

        Files.writeString(jar, "the last good jar");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(0));
        Process failed = script(copy, bin, true);
        String out = new String(failed.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(failed.waitFor(60, TimeUnit.SECONDS));
        assertEquals(1, failed.exitValue(), out);
        assertTrue(out.contains("collab: the build failed"), out);
        assertEquals("the last good jar", Files.readString(jar), out);
    }

    @Test
    @Timeout(120)
    void aCommandWhoseStalenessCheckMeetsTheJarMovedAsideWaitsForTheBuild() throws Exception {
        Path copy = Files.createDirectories(dir.resolve("project"));
        Path project = CollabProcess.examples()
                .toAbsolutePath()
                .normalize()
                .getParent()
                .getParent();
        Files.copy(project.resolve("collab"), copy.resolve("collab"));
        Path jar = Files.createDirectories(copy.resolve("collab-app/target")).resolve("collab.jar");
        Files.writeString(copy.resolve("pom.xml"), "newer than the jar");
        Files.writeString(jar, "stale");
        Files.setLastModifiedTime(jar, java.nio.file.attribute.FileTime.fromMillis(0));
        // a slow build, and a `find` slow enough that the second command's comparison with the jar runs while the
        // first command's build has moved it aside (the jar is then missing, and `find` prints nothing)
        Path bin = Files.createDirectories(dir.resolve("fake-bin"));
        Files.writeString(
                bin.resolve("mvn"),
                "#!/bin/bash\nsleep 2\ncp '" + CollabProcess.jar() + "' collab-app/target/collab.jar.part\n"
                        + "mv collab-app/target/collab.jar.part collab-app/target/collab.jar\n");
        Files.writeString(bin.resolve("find"), "#!/bin/bash\nsleep 1\nexec /usr/bin/find \"$@\"\n");
        for (String f : List.of("mvn", "find")) {
            Files.setPosixFilePermissions(
                    bin.resolve(f), java.nio.file.attribute.PosixFilePermissions.fromString("rwxr-xr-x"));
        }

        Process first = scriptCommand(copy, bin, false).start();
        Thread.sleep(1_600); // the first has found the jar stale (1 s) and moves it aside at about 2 s
        Process second = scriptCommand(copy, bin, false).start();

        for (Process p : List.of(first, second)) {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertTrue(p.waitFor(60, TimeUnit.SECONDS));
            assertEquals(0, p.exitValue(), out);
            assertTrue(out.contains("collab agent "), out);
        }
    }

    /** {@code collab agent --version} of a project copy whose jar is older than its sources, with a stand-in Maven. */
    private static Process script(Path project, Path mavenBin, boolean failBuild) throws IOException {
        return scriptCommand(project, mavenBin, failBuild).start();
    }

    private static ProcessBuilder scriptCommand(Path project, Path mavenBin, boolean failBuild) {
        ProcessBuilder pb = new ProcessBuilder("bash", project.resolve("collab").toString(), "agent", "--version")
                .directory(project.getParent().toFile())
                .redirectErrorStream(true);
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        pb.environment().put("PATH", mavenBin + ":" + System.getenv("PATH"));
        if (failBuild) {
            pb.environment().put("FAIL_BUILD", "1");
        } else {
            pb.environment().remove("FAIL_BUILD");
        }
        return pb;
    }

    /** {@code collab agent <args>} through the link, run in {@code work}; fails unless it exits 0. */
    private static String script(Path bin, Path work, URI api, String buckets, String... args)
            throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of("bash", bin.resolve("collab").toString(), "agent"));
        cmd.addAll(List.of("--url", api.toString(), "--token", TOKEN, "--agent", "drafter-lab", "--buckets", buckets));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(work.toFile()).redirectErrorStream(true);
        pb.environment().keySet().removeIf(k -> k.startsWith("COLLAB_") || k.startsWith("HF_"));
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "collab agent " + String.join(" ", args) + " still running");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertEquals(0, p.exitValue(), "collab agent " + String.join(" ", args) + ":\n" + out);
        return out;
    }
}
