package dev.agentcollab.app.agent;

import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;

/**
 * The agent's profile: a Java properties file with the keys {@code url}, {@code token}, {@code agent} and
 * {@code buckets}, so that an agent configures its connection once. Found at, in order: {@code --profile FILE},
 * {@code $COLLAB_PROFILE}, {@code $XDG_CONFIG_HOME/collab/profile.properties},
 * {@code ~/.config/collab/profile.properties}. Written with owner-only permissions where the file system allows
 * (it holds a token).
 *
 * @param path where the profile lives
 * @param values its keys and values (empty when the file does not exist)
 */
public record Profile(Path path, Map<String, String> values) {
    /** The keys a profile may hold. */
    public static final List<String> KEYS = List.of("url", "token", "agent", "buckets");

    /** Copies the values. */
    public Profile {
        Objects.requireNonNull(path, "path");
        values = Map.copyOf(values);
    }

    /**
     * The default location for an environment.
     *
     * @param env the environment ({@code COLLAB_PROFILE}, {@code XDG_CONFIG_HOME}, {@code HOME})
     * @return the path
     */
    public static Path defaultPath(Map<String, String> env) {
        String explicit = env.get("COLLAB_PROFILE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String xdg = env.get("XDG_CONFIG_HOME");
        Path config = xdg != null && !xdg.isBlank()
                ? Path.of(xdg)
                : Path.of(Optional.ofNullable(env.get("HOME")).orElse(System.getProperty("user.home")), ".config");
        return config.resolve("collab").resolve("profile.properties");
    }

    /**
     * Loads a profile; a missing file is an empty profile.
     *
     * @param path the file
     * @return the profile
     * @throws UncheckedIOException when the file exists but cannot be read
     */
    public static Profile load(Path path) {
        Properties p = PropertiesFiles.load(path, "profile ");
        Map<String, String> values = new TreeMap<>();
        p.stringPropertyNames().forEach(k -> values.put(k, p.getProperty(k).strip()));
        return new Profile(path, values);
    }

    /**
     * A value.
     *
     * @param key one of {@link #KEYS}
     * @return the non-blank value, or empty
     */
    public Optional<String> get(String key) {
        return Optional.ofNullable(values.get(key)).filter(v -> !v.isBlank());
    }

    /**
     * Writes this profile merged with new values (creating folders; owner-only permissions where possible).
     *
     * @param updates the values to set
     * @return the written profile
     * @throws UncheckedIOException when it cannot be written
     */
    public Profile save(Map<String, String> updates) {
        Map<String, String> merged = new TreeMap<>(values);
        merged.putAll(updates);
        Properties p = new Properties();
        p.putAll(merged);
        PropertiesFiles.store(path, p, "collab agent profile (holds a bearer token: keep it private)", "profile ");
        return new Profile(path, merged);
    }
}
