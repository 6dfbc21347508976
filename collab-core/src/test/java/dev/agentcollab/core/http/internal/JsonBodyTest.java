package dev.agentcollab.core.http.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A request body is taken exactly as sent or refused: bytes that are no proper UTF-8 and escapes that leave half a
 * surrogate pair were accepted and stored as something else ({@code C0 AF} as {@code /}, an encoded surrogate and
 * {@code \ud800} as {@code ?}); parse errors speak of the JSON, not of the parser's classes and settings.
 */
class JsonBodyTest {
    private static byte[] body(byte[] inside) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("{\"agent_id\":\"a\",\"body\":\"".getBytes(StandardCharsets.US_ASCII));
        out.writeBytes(inside);
        out.writeBytes("\"}".getBytes(StandardCharsets.US_ASCII));
        return out.toByteArray();
    }

    private static CollabException refused(byte[] bytes) {
        CollabException e = assertThrows(CollabException.class, () -> JsonBody.parse(bytes));
        assertEquals(ErrorCode.INVALID_REQUEST, e.code(), e.getMessage());
        return e;
    }

    @Test
    void bytesThatAreNoProperUtf8AreRefused() {
        byte[][] broken = {
            {(byte) 0xC0, (byte) 0xAF}, // overlong '/'
            {(byte) 0xED, (byte) 0xA0, (byte) 0x80}, // an encoded surrogate (CESU-8)
            {(byte) 0xFF},
            {(byte) 0xE2, (byte) 0x82} // cut short
        };
        for (byte[] b : broken) {
            assertTrue(refused(body(b)).getMessage().contains("not valid UTF-8"));
        }
        assertEquals(
                "é€😀",
                JsonBody.parse(body("é€😀".getBytes(StandardCharsets.UTF_8)))
                        .string("body")
                        .orElseThrow());
    }

    @Test
    void escapesThatLeaveHalfASurrogatePairAreRefusedAndPairsAreKept() {
        CollabException lone = refused(body("\\ud800 lone".getBytes(StandardCharsets.US_ASCII)));
        assertTrue(lone.getMessage().contains("body.body"), lone.getMessage());
        refused(body("x\\udc00".getBytes(StandardCharsets.US_ASCII)));
        refused("{\"tools\":[\"ok\",\"\\ud83d\"]}".getBytes(StandardCharsets.US_ASCII));
        assertEquals(
                "😀",
                JsonBody.parse(body("\\ud83d\\ude00".getBytes(StandardCharsets.US_ASCII)))
                        .string("body")
                        .orElseThrow());
    }

    @Test
    void parseErrorsNameTheProblemNotTheParser() {
        String[] bad = {"[".repeat(1001) + "]".repeat(1001), "{\"a\":1}{}", "{\"a\":", "{\"a\":tru}"};
        for (String b : bad) {
            String message = refused(b.getBytes(StandardCharsets.US_ASCII)).getMessage();
            assertTrue(message.contains("JSON decode error: "), message);
            for (String internal : new String[] {"`", "jackson", "Jackson", "StreamReadConstraints", "Source:"}) {
                assertFalse(message.contains(internal), message);
            }
        }
        assertTrue(refused("{\"a\":1}{}".getBytes(StandardCharsets.US_ASCII))
                .getMessage()
                .contains("extra data after the JSON value"));
    }

    @Test
    void aLeadingByteOrderMarkIsTakenAsJsonLoadsTakesIt() {
        byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
        byte[] json = "{\"agent_id\":\"a\",\"body\":\"hi\"}".getBytes(StandardCharsets.US_ASCII);
        byte[] both = new byte[bom.length + json.length];
        System.arraycopy(bom, 0, both, 0, bom.length);
        System.arraycopy(json, 0, both, bom.length, json.length);
        assertEquals("hi", JsonBody.parse(both).string("body").orElseThrow());
    }
}
