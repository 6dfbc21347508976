package dev.agentcollab.core.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

/** Strict UTF-8 decoding, for bytes that must be stored as exactly the text they are. */
public final class Utf8 {
    private Utf8() {}

    /**
     * Decodes bytes as UTF-8, refusing rather than replacing what is not UTF-8: malformed or truncated sequences,
     * overlong forms ({@code C0 AF}) and encoded surrogates ({@code ED A0 80}).
     *
     * @param bytes the bytes
     * @return the text, or empty when the bytes are not UTF-8
     */
    public static Optional<String> strict(byte[] bytes) {
        try {
            return Optional.of(StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(ByteBuffer.wrap(bytes))
                    .toString());
        } catch (CharacterCodingException e) {
            return Optional.empty();
        }
    }
}
