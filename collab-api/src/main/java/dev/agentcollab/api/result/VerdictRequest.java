package dev.agentcollab.api.result;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.List;
import java.util.Objects;

/**
 * An organizer's verdict on a result ({@code POST /v1/results/{filename}/verification}): {@code valid} or
 * {@code invalid}, or {@code pending} to open the question again, with the reason the board announcement carries.
 *
 * @param verdict {@link Verification#VALID}, {@link Verification#INVALID} or {@link Verification#PENDING}
 * @param reason what was checked and what it showed; stripped, 1 to {@value #MAX_REASON} characters
 */
public record VerdictRequest(String verdict, String reason) {
    /** The longest reason taken, in characters. */
    public static final int MAX_REASON = 2000;

    private static final List<String> VERDICTS =
            List.of(Verification.VALID, Verification.INVALID, Verification.PENDING);

    /**
     * Validates the verdict and strips the reason.
     *
     * @throws CollabException {@code INVALID_REQUEST} naming the field that is wrong
     */
    public VerdictRequest {
        Objects.requireNonNull(verdict, "verdict");
        Objects.requireNonNull(reason, "reason");
        if (!VERDICTS.contains(verdict)) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "`verdict` must be one of ['valid', 'invalid', 'pending'], got '" + verdict + "'");
        }
        reason = reason.strip();
        if (reason.isEmpty()) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "`reason` must not be blank",
                    "say what you checked and what it showed: it is posted with the verdict");
        }
        if (reason.length() > MAX_REASON) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "`reason` is " + reason.length() + " characters; at most " + MAX_REASON + " are taken",
                    "link a longer report in your bucket instead");
        }
    }
}
