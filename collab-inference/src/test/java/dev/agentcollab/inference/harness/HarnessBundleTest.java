package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.io.File;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.JarEntry;
import java.util.jar.JarFile;
import java.util.jar.JarOutputStream;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HarnessBundleTest {
    @TempDir
    Path dir;

    private Path jarWith(String name, String entry, String content) throws Exception {
        Path jar = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jos = new JarOutputStream(out)) {
            jos.putNextEntry(new JarEntry(entry));
            jos.write(content.getBytes(StandardCharsets.UTF_8));
            jos.closeEntry();
        }
        return jar;
    }

    private Path classFolder() throws Exception {
        Path classes = dir.resolve("module/target/classes");
        Files.createDirectories(classes.resolve("dev/x"));
        Files.writeString(classes.resolve("dev/x/A.class"), "not really a class");
        Files.writeString(classes.resolve("app.properties"), "k=v");
        return classes;
    }

    @Test
    void bundlesJarsAndClassFoldersWithAManifest() throws Exception {
        Path jar = jarWith("lib-1.0.jar", "lib/B.class", "b");
        Path classes = classFolder();
        Path lib = dir.resolve("out/lib");

        HarnessBundle.Bundle bundle = HarnessBundle.write(List.of(classes, jar), lib);

        assertEquals(2, bundle.jars().size());
        assertEquals("000-module-classes.jar", bundle.jars().get(0).name());
        assertEquals("001-lib-1.0.jar", bundle.jars().get(1).name());
        assertEquals(-1, Files.mismatch(jar, lib.resolve("001-lib-1.0.jar")));
        try (JarFile packed = new JarFile(lib.resolve("000-module-classes.jar").toFile())) {
            assertNotNull(packed.getManifest());
            assertEquals(
                    "not really a class",
                    new String(
                            packed.getInputStream(packed.getEntry("dev/x/A.class"))
                                    .readAllBytes(),
                            StandardCharsets.UTF_8));
            assertNotNull(packed.getEntry("app.properties"));
        }
        try (Stream<Path> files = Files.list(lib)) {
            assertEquals(
                    List.of("000-module-classes.jar", "001-lib-1.0.jar", "bundle.json"),
                    files.map(p -> p.getFileName().toString()).sorted().toList());
        }

        JsonNode json = new ObjectMapper().readTree(lib.resolve("bundle.json").toFile());
        assertEquals(HarnessMain.class.getName(), json.path("main_class").asText());
        assertEquals(Runtime.version().feature(), json.path("java_release").asInt());
        assertEquals(2, json.path("jars").size());
        for (JsonNode entry : json.path("jars")) {
            Path file = lib.resolve(entry.path("name").asText());
            assertEquals(Files.size(file), entry.path("size").asLong());
            assertEquals(
                    HexFormat.of()
                            .formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file))),
                    entry.path("sha256").asText());
        }
    }

    @Test
    void parsesAClassPathString() {
        assertEquals(
                List.of(Path.of("a.jar"), Path.of("b")),
                HarnessBundle.parseClassPath("a.jar" + File.pathSeparator + File.pathSeparator + "b"));
    }

    @Test
    void badInputIsAClearError() throws Exception {
        Path lib = dir.resolve("lib");
        CollabException missing =
                assertThrows(CollabException.class, () -> HarnessBundle.write(List.of(dir.resolve("nope.jar")), lib));
        assertEquals(ErrorCode.NOT_FOUND, missing.code());
        assertTrue(missing.getMessage().contains("nope.jar"), missing.getMessage());

        Path text = Files.writeString(dir.resolve("notes.txt"), "x");
        assertEquals(
                ErrorCode.INVALID_REQUEST,
                assertThrows(CollabException.class, () -> HarnessBundle.write(List.of(text), lib))
                        .code());
        assertEquals(
                ErrorCode.INVALID_REQUEST,
                assertThrows(CollabException.class, () -> HarnessBundle.write(List.of(), lib))
                        .code());

        Path jar = jarWith("x.jar", "X.class", "x");
        HarnessBundle.write(List.of(jar), lib);
        CollabException again = assertThrows(CollabException.class, () -> HarnessBundle.write(List.of(jar), lib));
        assertEquals(ErrorCode.INVALID_REQUEST, again.code());
    }

    @Test
    void uploadsUnderABucketPrefix() throws Exception {
        BucketStore store = InMemoryBucketStore.create(MutableClock.at("2026-06-01T10:00:00Z"));
        BucketId central = BucketId.parse("org/collab-main-bucket");
        store.create(central, true);
        Path lib = dir.resolve("lib");
        HarnessBundle.write(List.of(jarWith("x.jar", "X.class", "x")), lib);
        assertEquals(2, HarnessBundle.upload(store, central, "shared_resources/harness/lib", lib));
        assertTrue(store.read(central, BucketPath.of("shared_resources/harness/lib/bundle.json"))
                .isPresent());
        assertTrue(store.read(central, BucketPath.of("shared_resources/harness/lib/000-x.jar"))
                .isPresent());
    }
}
