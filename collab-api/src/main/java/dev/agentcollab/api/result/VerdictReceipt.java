package dev.agentcollab.api.result;

import java.util.Objects;

/**
 * What an organizer's verdict did.
 *
 * @param filename the result's filename
 * @param verification its state now
 * @param previous its state before ({@code pending} when it had no entry)
 * @param announcement the board message that announced the verdict ({@code message_board/<filename>})
 */
public record VerdictReceipt(String filename, String verification, String previous, String announcement) {
    /** Checks for nulls. */
    public VerdictReceipt {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(verification, "verification");
        Objects.requireNonNull(previous, "previous");
        Objects.requireNonNull(announcement, "announcement");
    }
}
