package dev.agentcollab.hf.buckets;

import java.util.Objects;
import java.util.regex.Pattern;

/**
 * A bucket's id on the Hub: its namespace (a user or an organisation) and its name, written {@code namespace/name}.
 * Each segment is what the Hub accepts for repository ids: 1 to 96 characters of letters, digits, {@code .},
 * {@code _} and {@code -}, starting and ending with a letter or digit.
 *
 * @param namespace the owning user or organisation
 * @param name the bucket's name
 */
public record HfBucketId(String namespace, String name) {
    private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9](?:[A-Za-z0-9._-]{0,94}[A-Za-z0-9])?");

    /**
     * Validates both segments.
     *
     * @throws IllegalArgumentException when a segment is empty, too long or has other characters
     */
    public HfBucketId {
        Objects.requireNonNull(namespace, "namespace");
        Objects.requireNonNull(name, "name");
        if (!SEGMENT.matcher(namespace).matches()) {
            throw new IllegalArgumentException("invalid bucket namespace: '" + namespace + "'");
        }
        if (!SEGMENT.matcher(name).matches()) {
            throw new IllegalArgumentException("invalid bucket name: '" + name + "'");
        }
    }

    /**
     * Parses {@code namespace/name}.
     *
     * @param id the text
     * @return the id
     * @throws IllegalArgumentException when the text is not of that form
     */
    public static HfBucketId parse(String id) {
        Objects.requireNonNull(id, "id");
        int slash = id.indexOf('/');
        if (slash < 0 || slash != id.lastIndexOf('/')) {
            throw new IllegalArgumentException("bucket id must be 'namespace/name', got: '" + id + "'");
        }
        return new HfBucketId(id.substring(0, slash), id.substring(slash + 1));
    }

    /**
     * The id as the Hub writes it in URLs.
     *
     * @return {@code namespace/name}
     */
    @Override
    public String toString() {
        return namespace + "/" + name;
    }
}
