package dev.agentcollab.inference.harness;

/** How a multiple-choice answer is read from the model. */
public enum ChoiceScoring {
    /** The option whose continuation has the highest summed log-likelihood after the prompt. */
    LOG_LIKELIHOOD,
    /** Greedy-generate a few tokens after the prompt and take the first option letter in them. */
    GENERATED_LETTER
}
