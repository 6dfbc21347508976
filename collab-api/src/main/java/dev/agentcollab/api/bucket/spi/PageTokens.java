package dev.agentcollab.api.bucket.spi;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Objects;
import java.util.zip.CRC32;

/**
 * Opaque page tokens for backends that list in path order: a token encodes the last path returned and the
 * prefix it was issued for, plus a checksum, so a made-up, corrupted or foreign token (or one reused with
 * another prefix) is rejected with {@code INVALID_QUERY} instead of silently listing the wrong page.
 *
 * <p>Tokens are not secret and not signed; they only have to be stable and self-checking. Thread safe (stateless).
 */
public final class PageTokens {
    private static final String VERSION = "pt1";

    private PageTokens() {}

    /**
     * Issues the token for the page after {@code lastPath}.
     *
     * @param prefix the listing prefix the token belongs to
     * @param lastPath the last path of the page just returned
     * @return an opaque, URL-safe token
     */
    public static String encode(String prefix, String lastPath) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(lastPath, "lastPath");
        String body = VERSION + '\n' + prefix + '\n' + lastPath;
        String text = body + '\n' + checksum(body);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * Decodes a token issued by {@link #encode(String, String)} for the same prefix.
     *
     * @param prefix the prefix of the current request
     * @param token the token from the previous page
     * @return the last path of the previous page; the next page starts strictly after it
     * @throws CollabException {@code INVALID_QUERY} when the token was not issued by {@link #encode} for this
     *     prefix
     */
    public static String decode(String prefix, String token) {
        Objects.requireNonNull(prefix, "prefix");
        Objects.requireNonNull(token, "token");
        String text;
        try {
            text = new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalid(token);
        }
        int lastNewline = text.lastIndexOf('\n');
        if (lastNewline < 0) {
            throw invalid(token);
        }
        String body = text.substring(0, lastNewline);
        String[] parts = body.split("\n", -1);
        if (parts.length != 3
                || !parts[0].equals(VERSION)
                || !text.substring(lastNewline + 1).equals(checksum(body))) {
            throw invalid(token);
        }
        if (!parts[1].equals(prefix)) {
            throw CollabException.of(
                    ErrorCode.INVALID_QUERY,
                    "page token was issued for prefix '" + parts[1] + "', not '" + prefix + "'",
                    "repeat the listing with the prefix that returned the token");
        }
        return parts[2];
    }

    private static CollabException invalid(String token) {
        String shown = token.length() > 40 ? token.substring(0, 40) + "..." : token;
        return CollabException.of(
                ErrorCode.INVALID_QUERY,
                "invalid page token: '" + shown + "'",
                "pass back the nextPageToken of the previous page unchanged, or omit it for the first page");
    }

    private static String checksum(String body) {
        CRC32 crc = new CRC32();
        crc.update(body.getBytes(StandardCharsets.UTF_8));
        return Long.toHexString(crc.getValue());
    }
}
