package dev.agentcollab.app.serve;

import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * One key of the {@code collab serve} configuration file.
 *
 * @param name the dotted key, e.g. {@code server.port}
 * @param type what values are allowed
 * @param choices the allowed values of a {@link Type#CHOICE} key, else empty
 * @param defaultValue the value when neither the file nor the environment sets it, or empty
 * @param doc one line on what it does
 */
public record ConfigKey(String name, Type type, List<String> choices, Optional<String> defaultValue, String doc) {
    /** The kinds of values. */
    public enum Type {
        /** Any non-empty text. */
        TEXT,
        /** A whole number. */
        INTEGER,
        /** A decimal number. */
        DECIMAL,
        /** {@code true} or {@code false}. */
        BOOLEAN,
        /** One of {@link ConfigKey#choices()}. */
        CHOICE,
        /** A YAML list of texts (a comma-separated list in the environment). */
        LIST,
        /** A duration: a number with {@code s}, {@code m}, {@code h} or {@code d}, e.g. {@code 40m}. */
        DURATION
    }

    /** Validates the fields. */
    public ConfigKey {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(type, "type");
        choices = List.copyOf(choices);
        Objects.requireNonNull(defaultValue, "defaultValue");
        Objects.requireNonNull(doc, "doc");
        if (!name.matches("[a-z][a-z0-9_]*(\\.[a-z][a-z0-9_]*)*")) {
            throw new IllegalArgumentException("bad key name " + name);
        }
        if ((type == Type.CHOICE) == choices.isEmpty()) {
            throw new IllegalArgumentException("choices go with CHOICE keys only: " + name);
        }
    }

    /**
     * The environment variable that overrides this key: {@code COLLAB_} and the key in upper case with dots as
     * underscores ({@code server.port} is {@code COLLAB_SERVER_PORT}).
     *
     * @return the variable name
     */
    public String envName() {
        return "COLLAB_" + name.toUpperCase(Locale.ROOT).replace('.', '_');
    }

    /**
     * What values are allowed, for error messages and the documentation.
     *
     * @return e.g. {@code one of: open, owner}
     */
    public String allowed() {
        return switch (type) {
            case TEXT -> "a text";
            case INTEGER -> "a whole number";
            case DECIMAL -> "a number";
            case BOOLEAN -> "true or false";
            case CHOICE -> "one of: " + String.join(", ", choices);
            case LIST -> "a list of texts";
            case DURATION -> "a duration such as 90s, 40m, 2h or 1d";
        };
    }
}
