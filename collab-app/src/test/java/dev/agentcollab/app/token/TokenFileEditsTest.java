package dev.agentcollab.app.token;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class TokenFileEditsTest {
    private static final String INIT = "# Bearer tokens (keep this file private)\n"
            + "tokens:\n"
            + "  tok_organizer_0001: {user: organizer, role: admin}\n";

    @Test
    void anEntryIsAppendedInTheFilesOwnIndentationKeepingItsComments() {
        String after = TokenFileEdits.add(INIT, "t.yaml", "acme", "tok_ada_00000001", "ada", "write");
        assertEquals(INIT + "  tok_ada_00000001: {user: ada, role: write}\n", after);

        String block = "tokens:\n    tok_organizer_0001:\n        user: organizer\n        role: admin\n# the end\n";
        assertEquals(
                block + "    tok_ada_00000001: {user: ada, role: read}\n",
                TokenFileEdits.add(block, "t.yaml", "acme", "tok_ada_00000001", "ada", "read"));
        assertEquals(
                "tokens:\n  tok_organizer_0001: {user: organizer, role: admin}\n  tok_ada_00000001: {user: ada, role:"
                        + " write}\n",
                TokenFileEdits.add(
                        "tokens:\n  tok_organizer_0001: {user: organizer, role: admin}",
                        "t.yaml",
                        "acme",
                        "tok_ada_00000001",
                        "ada",
                        "write"));
    }

    @Test
    void anEntryTheFileWouldNotTakeIsRefused() {
        IllegalArgumentException role = assertThrows(
                IllegalArgumentException.class,
                () -> TokenFileEdits.add(INIT, "t.yaml", "acme", "tok_ada_00000001", "ada", "boss"));
        assertTrue(role.getMessage().contains("role"), role.getMessage());
        IllegalArgumentException mixed = assertThrows(
                IllegalArgumentException.class,
                () -> TokenFileEdits.add(INIT, "t.yaml", "acme", "tok_other_000001", "organizer", "write"));
        assertTrue(mixed.getMessage().contains("appears with different org or role"), mixed.getMessage());
        assertThrows(
                IllegalArgumentException.class,
                () -> TokenFileEdits.add(
                        "tokens: {tok_organizer_0001: {user: organizer}}\n",
                        "t.yaml",
                        "acme",
                        "tok_ada_00000001",
                        "ada",
                        "write"),
                "an inline mapping is left to be edited by hand");
    }

    @Test
    void entriesAreRemovedLineByLineInlineOrBlock() {
        String file = INIT
                + "  tok_ada_00000001: {user: ada}\n"
                + "  tok_grace_000001:\n"
                + "    user: grace\n"
                + "    role: read\n"
                + "\n"
                + "  # alan runs two agents\n"
                + "  tok_alan_0000001: {user: alan}\n";
        assertEquals(
                INIT + "\n  # alan runs two agents\n  tok_alan_0000001: {user: alan}\n",
                TokenFileEdits.remove(file, "t.yaml", "acme", List.of("tok_ada_00000001", "tok_grace_000001")));
        assertThrows(
                IllegalArgumentException.class,
                () -> TokenFileEdits.remove(
                        "tokens: {tok_organizer_0001: {user: organizer}}\n",
                        "t.yaml",
                        "acme",
                        List.of("tok_organizer_0001")));
    }

    @Test
    void theLastTokensCanBeRevokedAndTheFileTakesANewOneAfter() {
        // a leaked token that is the file's only one must be removable: an empty mapping is a file without tokens
        String empty = TokenFileEdits.remove(INIT, "t.yaml", "acme", List.of("tok_organizer_0001"));
        assertEquals("# Bearer tokens (keep this file private)\ntokens:\n", empty);
        assertEquals(
                List.of(), dev.agentcollab.core.service.identity.TokenFile.parse(empty, "t.yaml", Optional.of("acme")));
        assertEquals(
                empty + "  tok_ada_00000001: {user: ada, role: admin}\n",
                TokenFileEdits.add(empty, "t.yaml", "acme", "tok_ada_00000001", "ada", "admin"));
    }
}
