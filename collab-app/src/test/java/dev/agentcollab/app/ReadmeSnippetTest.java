package dev.agentcollab.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The README's SDK snippet compiles as printed, and its set-up commands stay the same. */
class ReadmeSnippetTest {
    private static final Path README = Path.of("../README.md");

    @Test
    void theSdkSnippetCompilesAsPrinted(@TempDir Path dir) throws Exception {
        String readme = Files.readString(README);
        int start = readme.indexOf("```java\n");
        assertTrue(start >= 0, "README has a java block");
        String code = readme.substring(start + "```java\n".length(), readme.indexOf("```", start + 7));
        assertTrue(code.contains("public class Example"), code);
        Path source = dir.resolve("Example.java");
        Files.writeString(source, code);
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        StringWriter errors = new StringWriter();
        boolean ok = javac.getTask(
                        errors,
                        null,
                        null,
                        List.of(
                                "-classpath",
                                System.getProperty("java.class.path"),
                                "-d",
                                dir.toString(),
                                "-Xlint:none"),
                        null,
                        javac.getStandardFileManager(null, null, null).getJavaFileObjects(source))
                .call();
        assertTrue(ok, errors.toString());
        assertTrue(Files.exists(dir.resolve("Example.class")));
    }

    @Test
    void theTwoSetUpCommandsStayTheSame() throws Exception {
        String readme = Files.readString(README);
        assertTrue(readme.contains("./collab demo     # the main job"));
        assertTrue(readme.contains("./collab test     # every test of every module"));
        assertEquals(
                List.of("collab demo", "collab serve", "agent-readme"),
                List.of("collab demo", "collab serve", "agent-readme").stream()
                        .sorted((a, b) -> Integer.compare(readme.indexOf(a), readme.indexOf(b)))
                        .toList(),
                "the three user paths appear in order: try it, run it, join it");
        assertTrue(readme.contains("dev.agentcollab:collab-bom"));
    }
}
