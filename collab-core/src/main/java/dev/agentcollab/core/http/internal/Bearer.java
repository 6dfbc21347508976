package dev.agentcollab.core.http.internal;

import java.util.Optional;

/** Bearer-token parsing as the reference does it (anchor §1.1). */
public final class Bearer {
    private Bearer() {}

    /**
     * Parses an {@code Authorization} header value: split on the first run of whitespace; the scheme must be
     * {@code bearer} (any case) and the token non-empty, otherwise the token counts as absent.
     *
     * @param header the header value, or {@code null}
     * @return the token, or empty
     */
    public static Optional<String> parse(String header) {
        if (header == null) {
            return Optional.empty();
        }
        String h = header.strip();
        int i = 0;
        while (i < h.length() && !Character.isWhitespace(h.charAt(i))) {
            i++;
        }
        if (i == h.length() || !h.substring(0, i).equalsIgnoreCase("bearer")) {
            return Optional.empty();
        }
        String token = h.substring(i).strip();
        return token.isEmpty() ? Optional.empty() : Optional.of(token);
    }
}
