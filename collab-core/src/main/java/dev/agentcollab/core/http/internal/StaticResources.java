package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.io.InputStream;
import java.util.Locale;
import java.util.Map;

/**
 * Serves the dashboard's static files from the class path folder {@code dashboard/}. Only plain file names
 * (letters, digits, {@code .-_}) are served, so no path can escape the folder. Thread safe.
 */
public final class StaticResources {
    private static final Map<String, String> TYPES = Map.of(
            "html", "text/html; charset=utf-8",
            "css", "text/css; charset=utf-8",
            "js", "text/javascript; charset=utf-8",
            "svg", "image/svg+xml",
            "json", "application/json",
            "ico", "image/x-icon",
            "png", "image/png",
            "txt", "text/plain; charset=utf-8",
            "md", "text/markdown; charset=utf-8",
            "yaml", "application/yaml; charset=utf-8");
    private final String folder;

    /**
     * Creates a server for one class path folder.
     *
     * @param folder the folder, e.g. {@code dashboard}
     */
    public StaticResources(String folder) {
        this.folder = folder;
    }

    /**
     * Serves one file.
     *
     * @param call the call
     * @param name the file name inside the folder
     * @throws CollabException {@code NOT_FOUND} for unknown or unsafe names
     * @throws IOException when the response cannot be written
     */
    public void serve(HttpCall call, String name) throws IOException {
        if (!name.matches("[A-Za-z0-9_-][A-Za-z0-9._-]*")) {
            throw CollabException.notFound(name);
        }
        byte[] bytes;
        try (InputStream in = StaticResources.class.getResourceAsStream("/" + folder + "/" + name)) {
            if (in == null) {
                throw CollabException.notFound(folder + "/" + name);
            }
            bytes = in.readAllBytes();
        }
        call.responseHeader("Cache-Control", "no-cache");
        send(call, bytes, name);
    }

    /**
     * Sends bytes with the content type that the file name's extension implies.
     *
     * @param call the call
     * @param bytes the content
     * @param name the file name
     * @throws IOException when the response cannot be written
     */
    static void send(HttpCall call, byte[] bytes, String name) throws IOException {
        int dot = name.lastIndexOf('.');
        String ext = dot < 0 ? "" : name.substring(dot + 1).toLowerCase(Locale.ROOT);
        call.responseHeader("X-Content-Type-Options", "nosniff");
        call.bytes(200, TYPES.getOrDefault(ext, "application/octet-stream"), bytes);
    }

    /**
     * Whether the folder is on the class path at all.
     *
     * @return {@code true} when {@code index.html} exists
     */
    public boolean available() {
        return StaticResources.class.getResource("/" + folder + "/index.html") != null;
    }

    /**
     * The error for a disabled dashboard.
     *
     * @return the exception (not thrown)
     */
    public static CollabException disabled() {
        return CollabException.of(ErrorCode.ROUTE_NOT_FOUND, "the dashboard is disabled on this server");
    }
}
