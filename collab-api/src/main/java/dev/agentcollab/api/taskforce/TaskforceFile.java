package dev.agentcollab.api.taskforce;

import java.util.Objects;

/**
 * The content of one taskforce file.
 *
 * @param path the path relative to the taskforce folder
 * @param bytes the content (not copied; do not modify)
 * @param contentType the media type: {@code text/markdown; charset=utf-8} for {@code .md}, guessed from the
 *     extension otherwise, {@code application/octet-stream} by default
 */
public record TaskforceFile(String path, byte[] bytes, String contentType) {
    /** Checks for nulls. */
    public TaskforceFile {
        Objects.requireNonNull(path, "path");
        Objects.requireNonNull(bytes, "bytes");
        Objects.requireNonNull(contentType, "contentType");
    }
}
