package dev.agentcollab.api.bucket;

import dev.agentcollab.api.error.CollabException;
import java.util.List;
import java.util.Objects;

/**
 * A validated, relative path of a file inside a bucket, with {@code /} as separator.
 *
 * <p>Rules (the storage-level subset of the reference path rule): non-empty, not absolute, no empty, {@code .} or
 * {@code ..} component, no control characters, no backslash, valid Unicode (no unpaired surrogate: a path has to
 * have a UTF-8 form, which is how stores keep it). Components starting with a dot are allowed at this
 * level because buckets hold dot-files such as {@code .bucket-sync-handshake}; the stricter rule for paths that
 * agents name in requests lives in {@link #validateUserPath(String)}.
 *
 * @param value the path, e.g. {@code message_board/20260601-100000-000_agent-1.md}
 */
public record BucketPath(String value) implements Comparable<BucketPath> {

    /**
     * Validates the path.
     *
     * @throws CollabException {@code INVALID_PATH} when a rule is broken
     */
    public BucketPath {
        Objects.requireNonNull(value, "value");
        if (value.isEmpty()) {
            throw CollabException.invalidPath("empty path");
        }
        if (value.startsWith("/")) {
            throw CollabException.invalidPath("path must not be absolute");
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c < 0x20 || c == 0x7f) {
                throw CollabException.invalidPath("path contains control characters");
            }
            if (c == '\\') {
                throw CollabException.invalidPath("path must not contain a backslash");
            }
            if (Character.isHighSurrogate(c)
                    && i + 1 < value.length()
                    && Character.isLowSurrogate(value.charAt(i + 1))) {
                i++; // a pair: one character outside the BMP
            } else if (Character.isSurrogate(c)) {
                throw CollabException.invalidPath("path is not valid Unicode (unpaired surrogate)");
            }
        }
        for (String part : value.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw CollabException.invalidPath("invalid path component: '" + part + "'");
            }
        }
    }

    /**
     * Creates a path.
     *
     * @param value the path text
     * @return the validated path
     */
    public static BucketPath of(String value) {
        return new BucketPath(value);
    }

    /**
     * Validates a path named by an agent in a request (the reference {@code validate_path_components}): the
     * storage rules plus no component starting with {@code .}; one trailing {@code /} is dropped first.
     *
     * @param path the path as given
     * @return the validated path without a trailing slash
     * @throws CollabException {@code INVALID_PATH} with the reference wording
     */
    public static BucketPath validateUserPath(String path) {
        Objects.requireNonNull(path, "path");
        if (path.isEmpty()) {
            throw CollabException.invalidPath("empty path");
        }
        if (path.startsWith("/")) {
            throw CollabException.invalidPath("path must not be absolute");
        }
        String trimmed = path;
        while (trimmed.endsWith("/")) {
            trimmed = trimmed.substring(0, trimmed.length() - 1);
        }
        if (trimmed.isEmpty()) {
            throw CollabException.invalidPath("empty path");
        }
        for (int i = 0; i < trimmed.length(); i++) {
            if (trimmed.charAt(i) < 0x20) {
                throw CollabException.invalidPath("path contains control characters");
            }
        }
        for (String part : trimmed.split("/", -1)) {
            if (part.isEmpty() || part.equals(".") || part.equals("..")) {
                throw CollabException.invalidPath("invalid path component: '" + part + "'");
            }
            if (part.startsWith(".")) {
                throw CollabException.invalidPath("path component must not start with '.': '" + part + "'");
            }
        }
        return new BucketPath(trimmed);
    }

    /**
     * The path's components.
     *
     * @return the components in order, never empty
     */
    public List<String> segments() {
        return List.of(value.split("/"));
    }

    /**
     * The last component.
     *
     * @return the file name
     */
    public String leaf() {
        int slash = value.lastIndexOf('/');
        return slash < 0 ? value : value.substring(slash + 1);
    }

    /**
     * Appends a relative path.
     *
     * @param child a relative path (validated)
     * @return {@code this/child}
     */
    public BucketPath resolve(String child) {
        return new BucketPath(value + "/" + child);
    }

    /**
     * Whether this path lies under the given prefix. The empty prefix matches every path; a prefix matches whole
     * components only when it ends with {@code /}, otherwise it is a plain string prefix (as object stores do).
     *
     * @param prefix a listing prefix
     * @return {@code true} when {@code value} starts with {@code prefix}
     */
    public boolean startsWith(String prefix) {
        return value.startsWith(prefix);
    }

    @Override
    public int compareTo(BucketPath other) {
        return value.compareTo(other.value);
    }

    @Override
    public String toString() {
        return value;
    }
}
