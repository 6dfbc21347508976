package dev.agentcollab.core.service.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.testkit.time.MutableClock;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReloadingTokenFileTest {
    private static final Duration CHECK = Duration.ofSeconds(1);

    @TempDir
    Path dir;

    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private Instant modified = Instant.parse("2026-06-01T09:00:00Z");

    /** Writes the file with a new modification time, as an editor does. */
    private Path write(String yaml) throws IOException {
        Path file = dir.resolve("tokens.yaml");
        Files.writeString(file, yaml);
        modified = modified.plusSeconds(1);
        Files.setLastModifiedTime(file, FileTime.from(modified));
        return file;
    }

    private static ErrorCode refusal(ReloadingTokenFile ids, String token) {
        return assertThrows(CollabException.class, () -> ids.whoami(token)).code();
    }

    @Test
    void anAddedTokenWorksAndARemovedOneIsRefusedWithinOneCheckWithoutARestart() throws Exception {
        Path file = write("tokens:\n  tok-ada-12345: {user: ada}\n  tok-leaked-1234: {user: bob}\n");
        ReloadingTokenFile ids = ReloadingTokenFile.open(file, Optional.of("org"), clock, CHECK);
        assertEquals("bob", ids.whoami("tok-leaked-1234").name());

        write("tokens:\n  tok-ada-12345: {user: ada}\n  tok-grace-1234: {user: grace, role: admin}\n");
        assertEquals("bob", ids.whoami("tok-leaked-1234").name(), "not checked again within the interval");
        clock.advance(CHECK);
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(ids, "tok-leaked-1234"));
        HfIdentity grace = ids.whoami("tok-grace-1234");
        assertEquals("grace", grace.name());
        assertEquals(Optional.of("admin"), ids.roleIn("org", grace));
        assertEquals("ada", ids.whoami("tok-ada-12345").name());
        assertEquals(2, ids.tokens());
    }

    @Test
    void aChangedRoleTakesEffectWithTheReloadAndTheServiceAddsNoRoleCache() throws Exception {
        Path file = write("tokens:\n  tok-ada-12345: {user: ada, role: write}\n");
        ReloadingTokenFile ids = ReloadingTokenFile.open(file, Optional.of("org"), clock, CHECK);
        HfIdentity ada = ids.whoami("tok-ada-12345");
        OrganizerGate gate = new OrganizerGate(ids, "org", Duration.ofMinutes(5), clock);
        assertEquals(false, gate.isOrganizer(ada));
        write("tokens:\n  tok-ada-12345: {user: ada, role: admin}\n");
        clock.advance(CHECK);
        assertEquals(true, gate.isOrganizer(ada), "promoted with the reload, not after the 5 minutes");
    }

    @Test
    void aVersionThatDoesNotParseKeepsThePreviousTokensUntilTheFileIsFixed() throws Exception {
        Path file = write("tokens:\n  tok-ada-12345: {user: ada}\n");
        ReloadingTokenFile ids = ReloadingTokenFile.open(file, Optional.of("org"), clock, CHECK);

        write("tokens:\n  tok-ada-12345: {user: ada}\n  tok-grace-1234: {user: grace, role: boss}\n");
        clock.advance(CHECK);
        assertEquals("ada", ids.whoami("tok-ada-12345").name(), "the previous version stays in use");
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(ids, "tok-grace-1234"));
        clock.advance(CHECK);
        assertEquals("ada", ids.whoami("tok-ada-12345").name());

        write("tokens:\n  tok-ada-12345: {user: ada}\n  tok-grace-1234: {user: grace, role: admin}\n");
        clock.advance(CHECK);
        assertEquals("grace", ids.whoami("tok-grace-1234").name(), "the fixed file is read");
    }

    @Test
    void aFileThatDisappearsKeepsThePreviousTokensAndIsReadWhenItIsBack() throws Exception {
        Path file = write("tokens:\n  tok-ada-12345: {user: ada}\n");
        ReloadingTokenFile ids = ReloadingTokenFile.open(file, Optional.of("org"), clock, CHECK);
        Files.delete(file);
        clock.advance(CHECK);
        assertEquals("ada", ids.whoami("tok-ada-12345").name());

        write("tokens:\n  tok-alan-12345: {user: alan}\n");
        clock.advance(CHECK);
        assertEquals("alan", ids.whoami("tok-alan-12345").name());
        assertEquals(ErrorCode.UNAUTHORIZED, refusal(ids, "tok-ada-12345"));
    }

    @Test
    void anInvalidFileAtStartIsRefusedNamingTheEntry() throws Exception {
        Path file = write("tokens:\n  tok-ada-12345: {user: ada, role: boss}\n");
        IllegalArgumentException e = assertThrows(
                IllegalArgumentException.class, () -> ReloadingTokenFile.open(file, Optional.of("org"), clock, CHECK));
        assertTrue(e.getMessage().contains("user 'ada'"), e.getMessage());
        assertTrue(!e.getMessage().contains("tok-ada-12345"), "never the token: " + e.getMessage());
    }
}
