package dev.agentcollab.core.http;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * A link shown in the dashboard's header (the challenge's page, the organisation, a paper).
 *
 * @param label the visible text, 1 to 80 characters
 * @param url an absolute {@code http}/{@code https} URL, or a same-origin path starting with {@code /}; other
 *     schemes ({@code javascript:}, {@code data:}) are refused so that configuration cannot inject script
 */
public record DashboardLink(@JsonProperty("label") String label, @JsonProperty("url") String url) {
    /** Validates the label and the URL. */
    public DashboardLink {
        Objects.requireNonNull(label, "label");
        Objects.requireNonNull(url, "url");
        if (label.isBlank() || label.length() > 80) {
            throw new IllegalArgumentException("link label must be 1 to 80 characters, but was '" + label + "'");
        }
        requireSafeUrl(url);
    }

    /**
     * Checks that a configured URL is an absolute http(s) URL or a same-origin path.
     *
     * @param url the URL
     * @return the URL
     * @throws IllegalArgumentException for any other form
     */
    static String requireSafeUrl(String url) {
        if (url.startsWith("/") && !url.startsWith("//")) {
            return url;
        }
        URI parsed;
        try {
            parsed = URI.create(url);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("not a URL: '" + url + "'", e);
        }
        String scheme = parsed.getScheme() == null ? "" : parsed.getScheme().toLowerCase(Locale.ROOT);
        if (!(scheme.equals("https") || scheme.equals("http")) || parsed.getHost() == null) {
            throw new IllegalArgumentException(
                    "URL must be absolute http(s) or a path starting with '/': '" + url + "'");
        }
        return url;
    }
}
