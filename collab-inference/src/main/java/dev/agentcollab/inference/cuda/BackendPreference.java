package dev.agentcollab.inference.cuda;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.Locale;

/** Which inference backend the user asks for, from the system property {@value #PROPERTY}. */
public enum BackendPreference {
    /** CUDA when a usable GPU is found, the CPU otherwise (the default). */
    AUTO,
    /** Always the pure-Java CPU backend. */
    CPU,
    /** CUDA, failing when no usable GPU is found. */
    CUDA;

    /** The system property that forces a backend: {@code cpu}, {@code cuda} or {@code auto}. */
    public static final String PROPERTY = "agentcollab.inference.backend";

    /**
     * Parses a property value; blank or absent means {@link #AUTO}.
     *
     * @param value {@code cpu}, {@code cuda} or {@code auto} (any case), or {@code null}
     * @return the preference
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for any other value
     */
    public static BackendPreference parse(String value) {
        if (value == null || value.isBlank()) {
            return AUTO;
        }
        return switch (value.strip().toLowerCase(Locale.ROOT)) {
            case "auto" -> AUTO;
            case "cpu" -> CPU;
            case "cuda", "gpu" -> CUDA;
            default ->
                throw CollabException.of(
                        ErrorCode.INVALID_REQUEST,
                        "unknown inference backend '" + value + "'",
                        "set -D" + PROPERTY + "=cpu|cuda|auto");
        };
    }

    /**
     * The preference named by the system property {@value #PROPERTY}.
     *
     * @return the parsed preference, {@link #AUTO} when the property is unset
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for an unknown value
     */
    public static BackendPreference fromSystemProperty() {
        return parse(System.getProperty(PROPERTY));
    }
}
