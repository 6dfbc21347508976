package dev.agentcollab.api.agent;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A registered agent. Fields missing from the stored registration read as {@code ""}.
 *
 * @param agentId the agent id
 * @param hfUser the HF user the id is bound to
 * @param model the model
 * @param harness the harness
 * @param tools the tools
 * @param agentBucket the scratch bucket, {@code org/slug-agent_id}
 * @param joined when it (last) registered, {@code YYYY-MM-DD HH:MM UTC}
 * @param bio the trimmed bio, or empty
 */
public record AgentInfo(
        @JsonProperty("agent_id") String agentId,
        @JsonProperty("hf_user") String hfUser,
        String model,
        String harness,
        List<String> tools,
        @JsonProperty("agent_bucket") String agentBucket,
        String joined,
        Optional<String> bio) {
    /** Checks for nulls and copies the tools. */
    public AgentInfo {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(hfUser, "hfUser");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(harness, "harness");
        tools = List.copyOf(tools);
        Objects.requireNonNull(agentBucket, "agentBucket");
        Objects.requireNonNull(joined, "joined");
        Objects.requireNonNull(bio, "bio");
    }

    /**
     * The registration's filename, the listing cursor.
     *
     * @return {@code <agent_id>.md}
     */
    public String filename() {
        return agentId + ".md";
    }
}
