package dev.agentcollab.app.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.app.cli.CliRun;
import dev.agentcollab.core.service.identity.TokenFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collab token add|list|revoke} on a deployment's token file. */
class TokenCommandTest {
    @TempDir
    Path dir;

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private Path config(String identity) throws Exception {
        Files.writeString(
                dir.resolve("tokens.yaml"),
                "# keep private\ntokens:\n  tok_organizer_0001: {user: organizer, role: admin}\n");
        return Files.writeString(
                dir.resolve("collab.yaml"),
                "org: acme\nslug: sort\nstorage: {buckets: 'file:data'}\nidentity: " + identity + "\n");
    }

    @Test
    void anOrganizerAddsListsAndRevokesTokens() throws Exception {
        String config = config("{kind: static, tokens_file: tokens.yaml}").toString();
        CliRun add = run("token", "--config", config, "add", "--user", "ada");
        assertEquals(0, add.code(), add.err());
        String token = add.out().strip();
        assertTrue(token.matches("tok_[0-9a-f]{32}"), add.out());
        assertTrue(add.err().contains("ada (write) added to "), add.err());
        List<TokenFile.Entry> rows = TokenFile.read(dir.resolve("tokens.yaml"), Optional.of("acme"));
        assertEquals(new TokenFile.Entry(token, "ada", "acme", "write"), rows.get(1));
        assertTrue(Files.readString(dir.resolve("tokens.yaml")).startsWith("# keep private\n"), "comments stay");
        assertEquals(0, run("token", "--config", config, "add", "--user", "ada").code(), "a second token of ada");

        CliRun list = run("token", "--config", config, "list");
        assertEquals(0, list.code(), list.err());
        assertTrue(list.out().contains("ada") && list.out().contains("3 tokens in "), list.out());
        assertFalse(list.out().contains(token), "tokens are masked: " + list.out());

        CliRun bad = run("token", "--config", config, "add", "--user", "grace", "--role", "boss");
        assertEquals(2, bad.code(), bad.out());
        assertTrue(bad.err().contains("role"), bad.err());

        CliRun revoke = run("token", "--config", config, "revoke", "--user", "ada");
        assertEquals(0, revoke.code(), revoke.err());
        assertTrue(revoke.err().contains("2 tokens removed"), revoke.err());
        assertEquals(
                List.of("organizer"),
                TokenFile.read(dir.resolve("tokens.yaml"), Optional.of("acme")).stream()
                        .map(TokenFile.Entry::user)
                        .toList());
        CliRun again = run("token", "--config", config, "revoke", token);
        assertEquals(2, again.code(), again.out());
        assertTrue(again.err().contains("no such token"), again.err());
    }

    @Test
    void userNamesAreCaseInsensitiveSoATokenOfAdaIsWrittenAsTheFileSpellsHer() throws Exception {
        String config = config("{kind: static, tokens_file: tokens.yaml}").toString();
        CliRun first = run("token", "--config", config, "add", "--user", "ada");
        assertEquals(0, first.code(), first.err());
        CliRun second = run("token", "--config", config, "add", "--user", "Ada");
        assertEquals(0, second.code(), second.err());
        assertTrue(second.err().contains("the file names this user 'ada'"), second.err());
        List<TokenFile.Entry> rows = TokenFile.read(dir.resolve("tokens.yaml"), Optional.of("acme"));
        assertEquals(
                List.of(
                        new TokenFile.Entry(first.out().strip(), "ada", "acme", "write"),
                        new TokenFile.Entry(second.out().strip(), "ada", "acme", "write")),
                rows.subList(1, 3),
                "both tokens prove the same user, so both own her agents");

        CliRun revoke = run("token", "--config", config, "revoke", "--user", "ADA");
        assertEquals(0, revoke.code(), revoke.err());
        assertTrue(revoke.err().contains("2 tokens removed"), revoke.err());
    }

    @Test
    void aUserNameOutsideTheAllowedCharactersIsRefusedAsSuchAndTheFileIsKept() throws Exception {
        String config = config("{kind: static, tokens_file: tokens.yaml}").toString();
        String before = Files.readString(dir.resolve("tokens.yaml"));
        for (String name : List.of("x, role: admin", "ada lovelace", "x}", "-ada")) {
            CliRun add = run("token", "--config", config, "add", "--user", name);
            assertEquals(2, add.code(), name + ": " + add.err());
            assertTrue(
                    add.err().contains("user name '" + name + "'")
                            && add.err().contains("letters, digits")
                            && !add.err().contains("duplicate"),
                    add.err());
            assertTrue(add.out().isEmpty(), "no token printed: " + add.out());
        }
        assertEquals(before, Files.readString(dir.resolve("tokens.yaml")));
    }

    @Test
    void revokingTheLastOrganizerTokenSaysThatNoneIsLeft() throws Exception {
        String config = config("{kind: static, tokens_file: tokens.yaml}").toString();
        assertEquals(0, run("token", "--config", config, "add", "--user", "ada").code());
        CliRun ada = run("token", "--config", config, "revoke", "--user", "ada");
        assertFalse(ada.err().contains("warning"), ada.err());
        CliRun revoke = run("token", "--config", config, "revoke", "--user", "organizer");
        assertEquals(0, revoke.code(), revoke.err());
        assertTrue(
                revoke.err().contains("warning: no organizer token (role admin) is left")
                        && revoke.err().contains("collab token add --user <name> --role admin"),
                revoke.err());
        assertEquals(List.of(), TokenFile.read(dir.resolve("tokens.yaml"), Optional.of("acme")));
    }

    @Test
    void aHubDeploymentHasNoTokenFile() throws Exception {
        String config = config("{kind: hub}").toString();
        CliRun add = run("token", "--config", config, "add", "--user", "ada");
        assertEquals(2, add.code(), add.out());
        assertTrue(add.err().contains("identity.kind: hub"), add.err());
    }

    @Test
    void theFirstAddStartsAMissingTokenFileForItsOwnerOnly() throws Exception {
        String config = config("{kind: static, tokens_file: fresh/tokens.yaml}").toString();
        CliRun list = run("token", "--config", config, "list");
        assertEquals(2, list.code(), list.out());
        assertTrue(list.err().contains("no token file yet at "), list.err());
        CliRun add = run("token", "--config", config, "add", "--user", "organizer", "--role", "admin");
        assertEquals(0, add.code(), add.err());
        Path file = dir.resolve("fresh/tokens.yaml");
        assertEquals(
                List.of(new TokenFile.Entry(add.out().strip(), "organizer", "acme", "admin")),
                TokenFile.read(file, Optional.of("acme")));
        assertEquals(
                "rw-------",
                java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file)));
    }
}
