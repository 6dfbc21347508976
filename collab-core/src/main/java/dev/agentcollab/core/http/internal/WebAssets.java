package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.error.CollabException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's third-party browser libraries, served from their webjars on the class path (no CDN, works
 * offline). Only the files of an explicit allow-list are served, under stable names without versions
 * ({@code /assets/chart.js}); the version comes from each webjar's {@code pom.properties}, so upgrading a webjar
 * is a change to the parent pom only. Each library's licence is served too ({@code /assets/licenses/<name>}).
 * Thread safe.
 */
public final class WebAssets {
    /** One served file: the webjar's Maven coordinates and the file's path inside the package. */
    private record Asset(String group, String artifact, String npmName, String path) {}

    private static final Map<String, Asset> FILES = Map.ofEntries(
            Map.entry("chart.js", new Asset("org.webjars.npm", "chart.js", "chart.js", "dist/chart.umd.min.js")),
            Map.entry(
                    "chartjs-plugin-zoom.js",
                    new Asset(
                            "org.webjars.npm",
                            "chartjs-plugin-zoom",
                            "chartjs-plugin-zoom",
                            "dist/chartjs-plugin-zoom.min.js")),
            Map.entry("hammer.js", new Asset("org.webjars.npm", "hammerjs", "hammerjs", "hammer.min.js")),
            Map.entry("marked.js", new Asset("org.webjars.npm", "marked", "marked", "lib/marked.umd.js")),
            Map.entry("purify.js", new Asset("org.webjars.npm", "dompurify", "dompurify", "dist/purify.min.js")),
            Map.entry(
                    "swagger-ui-bundle.js",
                    new Asset("org.webjars", "swagger-ui", "swagger-ui", "swagger-ui-bundle.js")),
            Map.entry("swagger-ui.css", new Asset("org.webjars", "swagger-ui", "swagger-ui", "swagger-ui.css")));

    private static final Map<String, Asset> LICENSES = Map.of(
            "chart.js", new Asset("org.webjars.npm", "chart.js", "chart.js", "LICENSE.md"),
            "chartjs-plugin-zoom",
                    new Asset("org.webjars.npm", "chartjs-plugin-zoom", "chartjs-plugin-zoom", "LICENSE.md"),
            "hammerjs", new Asset("org.webjars.npm", "hammerjs", "hammerjs", "LICENSE.md"),
            "kurkle-color", new Asset("org.webjars.npm", "kurkle__color", "kurkle__color", "LICENSE.md"),
            "marked", new Asset("org.webjars.npm", "marked", "marked", "LICENSE.md"),
            "dompurify", new Asset("org.webjars.npm", "dompurify", "dompurify", "LICENSE"),
            "swagger-ui", new Asset("org.webjars", "swagger-ui", "swagger-ui", "swagger-ui-bundle.js.LICENSE.txt"));

    private final Map<String, String> versions = new ConcurrentHashMap<>();

    /**
     * The names served under {@code /assets/}.
     *
     * @return file names
     */
    public static java.util.Set<String> names() {
        return FILES.keySet();
    }

    /**
     * The names served under {@code /assets/licenses/}.
     *
     * @return library names
     */
    public static java.util.Set<String> licenseNames() {
        return LICENSES.keySet();
    }

    /**
     * Serves one library file.
     *
     * @param call the call
     * @param name a name from {@link #names()}
     * @throws CollabException {@code NOT_FOUND} for any other name
     * @throws IOException when the response cannot be written
     */
    public void serve(HttpCall call, String name) throws IOException {
        Asset a = FILES.get(name);
        if (a == null) {
            throw CollabException.notFound("assets/" + name);
        }
        call.responseHeader("Cache-Control", "public, max-age=3600");
        StaticResources.send(call, read(a), name);
    }

    /**
     * Serves one library's licence as plain text.
     *
     * @param call the call
     * @param library a name from {@link #licenseNames()}
     * @throws CollabException {@code NOT_FOUND} for any other name
     * @throws IOException when the response cannot be written
     */
    public void serveLicense(HttpCall call, String library) throws IOException {
        Asset a = LICENSES.get(library);
        if (a == null) {
            throw CollabException.notFound("assets/licenses/" + library);
        }
        call.responseHeader("Cache-Control", "public, max-age=3600");
        call.bytes(200, "text/plain; charset=utf-8", read(a));
    }

    private byte[] read(Asset a) throws IOException {
        String path = "META-INF/resources/webjars/" + a.npmName() + "/" + version(a) + "/" + a.path();
        try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(path)) {
            if (in == null) {
                throw CollabException.notFound(path);
            }
            return in.readAllBytes();
        }
    }

    private String version(Asset a) throws IOException {
        String key = a.group() + ":" + a.artifact();
        String v = versions.get(key);
        if (v != null) {
            return v;
        }
        String props = "META-INF/maven/" + a.group() + "/" + a.artifact() + "/pom.properties";
        try (InputStream in = WebAssets.class.getClassLoader().getResourceAsStream(props)) {
            if (in == null) {
                throw CollabException.notFound(props);
            }
            Properties p = new Properties();
            p.load(in);
            v = p.getProperty("version");
        }
        if (v == null) {
            throw CollabException.notFound(props + " has no version");
        }
        versions.put(key, v);
        return v;
    }
}
