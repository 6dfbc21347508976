package dev.agentcollab.inference.harness;

import java.util.Locale;

/** How a multiple-choice answer is read from the model. */
public enum ChoiceScoring {
    /** The option whose continuation has the highest summed log-likelihood after the prompt. */
    LOG_LIKELIHOOD,
    /** Greedy-generate a few tokens after the prompt and take the first option letter in them. */
    GENERATED_LETTER;

    /**
     * The mode by its command-line name.
     *
     * @param name {@code log-likelihood} or {@code generated-letter} (case-insensitive)
     * @return the mode
     * @throws IllegalArgumentException naming the choices for any other name
     */
    public static ChoiceScoring named(String name) {
        for (ChoiceScoring s : values()) {
            if (s.cliName().equals(name.strip().toLowerCase(Locale.ROOT))) {
                return s;
            }
        }
        throw new IllegalArgumentException(
                "--scoring must be log-likelihood or generated-letter, but was '" + name + "'");
    }

    /**
     * The command-line name.
     *
     * @return e.g. {@code log-likelihood}
     */
    public String cliName() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }
}
