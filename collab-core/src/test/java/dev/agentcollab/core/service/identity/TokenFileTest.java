package dev.agentcollab.core.service.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.HfIdentity;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TokenFileTest {
    private static final String FILE =
            """
            # local collaboration
            tokens:
              hf_local_organizer_1:
                user: organizer
                org: local-collab
                role: admin
              hf_local_ada_0001:
                user: ada
              "hf_local_grace_02":
                user: grace
                role: Write
            """;

    @TempDir
    Path tmp;

    @Test
    void readsEntriesWithDefaults() throws Exception {
        Path file = tmp.resolve("tokens.yaml");
        Files.writeString(file, FILE);
        List<TokenFile.Entry> entries = TokenFile.read(file, Optional.of("local-collab"));
        assertEquals(
                List.of(
                        new TokenFile.Entry("hf_local_organizer_1", "organizer", "local-collab", "admin"),
                        new TokenFile.Entry("hf_local_ada_0001", "ada", "local-collab", "write"),
                        new TokenFile.Entry("hf_local_grace_02", "grace", "local-collab", "write")),
                entries);
    }

    @Test
    void theProviderKnowsExactlyTheTokensAndRoles() {
        StaticIdentityProvider ids = TokenFile.provider(TokenFile.parse(FILE, "t.yaml", Optional.of("local-collab")));
        HfIdentity organizer = ids.whoami("hf_local_organizer_1");
        assertEquals("organizer", organizer.name());
        assertTrue(organizer.memberOf("local-collab"));
        assertEquals(Optional.of("admin"), ids.roleIn("local-collab", organizer));
        assertEquals(Optional.of("write"), ids.roleIn("local-collab", ids.whoami("hf_local_ada_0001")));
        CollabException e = assertThrows(CollabException.class, () -> ids.whoami("hf_local_unknown"));
        assertEquals(ErrorCode.UNAUTHORIZED, e.code());
        assertEquals(
                Optional.of("check the bearer token the organizers gave you (this deployment does not take Hub"
                        + " tokens)"),
                e.hint());
    }

    /** A token file's users are no Hub accounts: messages do not send them to the Hub. */
    @Test
    void messagesCallTokenFileUsersUsersNotHubUsers() {
        StaticIdentityProvider ids = TokenFile.provider(TokenFile.parse(FILE, "t.yaml", Optional.of("local-collab")));
        OrganizerGate gate = new OrganizerGate(
                ids, "local-collab", java.time.Duration.ofMinutes(1), java.time.InstantSource.system());
        CollabException e =
                assertThrows(CollabException.class, () -> gate.requireOrganizer(ids.whoami("hf_local_ada_0001")));
        assertEquals(ErrorCode.NOT_ORGANIZER, e.code());
        assertEquals("user 'ada' is not an admin of 'local-collab'", e.getMessage());
    }

    @Test
    void renderReadsBackToTheSameEntries() {
        List<TokenFile.Entry> entries = TokenFile.parse(FILE, "t.yaml", Optional.of("local-collab"));
        String text = TokenFile.render(entries);
        assertTrue(text.startsWith("# "), text);
        assertEquals(entries, TokenFile.parse(text, "rendered", Optional.empty()));
    }

    @Test
    void orgIsRequiredWithoutADefault() {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TokenFile.parse(FILE, "t.yaml", Optional.empty()));
        assertEquals("t.yaml: tokens entry 2 (user 'ada'): 'org' is required", e.getMessage());
    }

    @Test
    void rejectsUnknownKeysAndRolesNamingWhatIsAllowed() {
        assertMessage(
                "tokens:\n  hf_local_aaaa:\n    user: a\n    rol: admin\n",
                "t.yaml: tokens entry 1: unknown key 'rol' (allowed: user, org, role)");
        assertMessage(
                "tokens:\n  hf_local_aaaa:\n    user: a\n    role: owner\n",
                "t.yaml: role of user 'a' must be one of admin, write, contributor, read, outsider, but was 'owner'");
        assertMessage("users: {}\n", "t.yaml: expected a mapping with the key 'tokens'");
        assertMessage("tokens: {}\nextra: 1\n", "t.yaml: unknown key 'extra' (allowed: tokens)");
        assertMessage("tokens:\n  hf_local_aaaa:\n    org: o\n", "t.yaml: tokens entry 1: 'user' is required");
        assertMessage("tokens: [a, b]\n", "t.yaml: 'tokens' must map each token to {user, org, role}");
    }

    @Test
    void rejectsOneUserWithTwoRoles() {
        assertMessage(
                "tokens:\n  hf_local_aaaa:\n    user: a\n    role: admin\n  hf_local_bbbb:\n    user: A\n",
                "t.yaml: user 'A' appears with different org or role (o/admin and o/write); give each user one org"
                        + " and role");
        // two tokens for one user with the same role are fine
        assertEquals(
                2,
                TokenFile.parse(
                                "tokens:\n  hf_local_aaaa: {user: a}\n  hf_local_bbbb: {user: a}\n",
                                "t",
                                Optional.of("o"))
                        .size());
    }

    @Test
    void errorsNeverQuoteATokenOrTheFilesText() {
        for (String bad : List.of(
                "tokens:\n  hf_secret_1234: {user: a}\n  hf_secret_1234: {user: b}\n",
                "tokens:\n  hf_secret_1234: {user: a\n",
                "tokens:\n  hf_secret_1234:\n    user: a\n   role: [x\n",
                "tokens:\n  short: {user: a}\n")) {
            IllegalArgumentException e = assertThrows(
                    IllegalArgumentException.class, () -> TokenFile.parse(bad, "t.yaml", Optional.of("o")));
            assertFalse(e.getMessage().contains("secret"), e.getMessage());
            assertFalse(e.getMessage().contains("short"), e.getMessage());
            assertTrue(e.getMessage().startsWith("t.yaml: "), e.getMessage());
        }
        assertFalse(new TokenFile.Entry("hf_secret_1234", "a", "o", "write")
                .toString()
                .contains("secret"));
    }

    @Test
    void aMissingFileIsAnIoError() {
        assertThrows(UncheckedIOException.class, () -> TokenFile.read(tmp.resolve("absent.yaml"), Optional.of("o")));
    }

    @Test
    void anOutsiderAuthenticatesButBelongsToNoOrg() {
        StaticIdentityProvider ids = TokenFile.provider(TokenFile.parse(
                "tokens:\n  hf_local_eve_0001: {user: eve, role: outsider}\n", "t.yaml", Optional.of("o")));
        HfIdentity eve = ids.whoami("hf_local_eve_0001");
        assertEquals("eve", eve.name());
        assertFalse(eve.memberOf("o"));
        assertEquals(Optional.empty(), ids.roleIn("o", eve));
    }

    @Test
    void rejectsABadUserName() {
        assertMessage(
                "tokens:\n  hf_local_aaaa: {user: 'a b'}\n",
                "t.yaml: bad user name 'a b': letters, digits, '_', '.', '-', starting with a letter or digit");
    }

    private static void assertMessage(String yaml, String message) {
        IllegalArgumentException e =
                assertThrows(IllegalArgumentException.class, () -> TokenFile.parse(yaml, "t.yaml", Optional.of("o")));
        assertEquals(message, e.getMessage());
    }
}
