package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.spi.BucketStoreProvider;
import dev.agentcollab.api.error.CollabException;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Serves the {@code file} scheme: {@code file:///abs/folder} (hierarchical) or {@code file:relative/folder}
 * (opaque, resolved against the working directory) opens a {@link FileSystemBucketStore} there. Settings are
 * ignored. Thread safe.
 */
public final class FileSystemBucketStoreProvider implements BucketStoreProvider {

    /** Creates the provider (called by {@link java.util.ServiceLoader}). */
    public FileSystemBucketStoreProvider() {}

    @Override
    public String scheme() {
        return "file";
    }

    @Override
    public BucketStore open(URI uri, Map<String, String> config) {
        Objects.requireNonNull(uri, "uri");
        if (!"file".equalsIgnoreCase(uri.getScheme())) {
            throw CollabException.invalidPath("not a file: URI: '" + uri + "'");
        }
        Path root;
        if (uri.isOpaque()) {
            root = Path.of(uri.getSchemeSpecificPart());
        } else {
            if (uri.getAuthority() != null && !uri.getAuthority().isEmpty()) {
                throw CollabException.invalidPath("file: URIs with a host are not supported: '" + uri + "'");
            }
            if (uri.getPath() == null
                    || uri.getPath().isEmpty()
                    || uri.getPath().equals("/")) {
                throw CollabException.invalidPath("file: URI names no folder: '" + uri + "'");
            }
            root = Path.of(uri);
        }
        return FileSystemBucketStore.open(root);
    }
}
