package dev.agentcollab.app.serve;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SecretFilesTest {
    @TempDir
    Path dir;

    @Test
    void aSecretFileIsWrittenForItsOwnerOnlyAndAnExposedOneIsNamed() throws Exception {
        Path tokens = dir.resolve("tokens.yaml");
        Files.writeString(tokens, "old");
        Files.setPosixFilePermissions(tokens, PosixFilePermissions.fromString("rw-r--r--"));
        Optional<String> warning = SecretFiles.exposed(tokens);
        assertTrue(warning.isPresent());
        assertEquals(
                tokens + " holds bearer tokens and other users of this machine can read it (rw-r--r--): chmod 600 "
                        + tokens,
                warning.get());

        SecretFiles.writePrivate(tokens, "tokens: {}\n");
        assertEquals("tokens: {}\n", Files.readString(tokens));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokens)));
        assertEquals(Optional.empty(), SecretFiles.exposed(tokens));
    }
}
