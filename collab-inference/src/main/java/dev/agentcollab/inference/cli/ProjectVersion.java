package dev.agentcollab.inference.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;
import picocli.CommandLine;

/** The version printed by {@code --version}: the project version the jars were built from. */
public final class ProjectVersion implements CommandLine.IVersionProvider {
    /** Creates the provider (picocli instantiates it). */
    public ProjectVersion() {}

    /**
     * The project version.
     *
     * @return e.g. {@code 0.1.0-SNAPSHOT}, or {@code unknown} when the build left no version file
     */
    public static String current() {
        try (InputStream in = ProjectVersion.class.getResourceAsStream("collab-version.properties")) {
            if (in == null) {
                return "unknown";
            }
            Properties p = new Properties();
            p.load(in);
            return p.getProperty("version", "unknown");
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read collab-version.properties", e);
        }
    }

    @Override
    public String[] getVersion() {
        return new String[] {
            "collab " + current(),
            "Java " + System.getProperty("java.version") + " (" + System.getProperty("java.vendor") + ")"
        };
    }
}
