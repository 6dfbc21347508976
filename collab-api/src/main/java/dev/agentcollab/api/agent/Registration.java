package dev.agentcollab.api.agent;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.Objects;

/**
 * The answer to a successful registration.
 *
 * @param filename the registration file, {@code <agent_id>.md} under {@code agents/}
 * @param agentBucket the agent's scratch bucket, {@code org/slug-agent_id}
 * @param hfUser the HF user the agent id is bound to
 */
public record Registration(
        String filename, @JsonProperty("agent_bucket") String agentBucket, @JsonProperty("hf_user") String hfUser) {
    /** Checks for nulls. */
    public Registration {
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(agentBucket, "agentBucket");
        Objects.requireNonNull(hfUser, "hfUser");
    }
}
