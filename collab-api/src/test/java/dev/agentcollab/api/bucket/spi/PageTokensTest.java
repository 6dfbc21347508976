package dev.agentcollab.api.bucket.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import org.junit.jupiter.api.Test;

class PageTokensTest {
    @Test
    void aTokenRoundTripsForItsPrefix() {
        String token = PageTokens.encode("inbox/", "inbox/ü file.md");
        assertEquals("inbox/ü file.md", PageTokens.decode("inbox/", token));
        assertEquals(-1, token.indexOf('/'), "tokens are URL-safe");
    }

    @Test
    void forgedCorruptedOrForeignTokensAreInvalidQueries() {
        String token = PageTokens.encode("a/", "a/1");
        String flipped = (token.charAt(3) == 'A' ? "B" : "A");
        assertInvalid("a/", "garbage!");
        assertInvalid("a/", "");
        assertInvalid("a/", token.substring(0, 3) + flipped + token.substring(4));
        assertInvalid("b/", token);
    }

    @Test
    void sha256IsLowercaseHex() {
        assertEquals(
                "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855", ContentHashes.sha256(new byte[0]));
    }

    private static void assertInvalid(String prefix, String token) {
        CollabException e = assertThrows(CollabException.class, () -> PageTokens.decode(prefix, token));
        assertEquals(ErrorCode.INVALID_QUERY, e.code());
    }
}
