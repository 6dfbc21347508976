package dev.agentcollab.api.identity;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The caller's own identity ({@code GET /v1/me}).
 *
 * @param hfUser the HF username
 * @param handle {@code human-} plus the lowercased username
 * @param isMember whether the user belongs to the collaboration's organisation
 * @param isOrganizer whether the user is an {@code admin} of that organisation (false when the lookup failed)
 */
public record MeInfo(
        @JsonProperty("hf_user") String hfUser,
        String handle,
        @JsonProperty("is_member") boolean isMember,
        @JsonProperty("is_organizer") boolean isOrganizer) {
    /** Checks for nulls. */
    public MeInfo {
        Objects.requireNonNull(hfUser, "hfUser");
        Objects.requireNonNull(handle, "handle");
    }
}
