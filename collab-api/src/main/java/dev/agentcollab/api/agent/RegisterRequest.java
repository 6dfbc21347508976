package dev.agentcollab.api.agent;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A registration request ({@code POST /v1/agents/register}). The caller's identity comes from the session's
 * bearer token, never from the request.
 *
 * @param agentId the agent id to claim (validated by the service, which owns the wording of the errors)
 * @param model the model the agent runs
 * @param harness the harness the agent runs in
 * @param tools the tools it uses
 * @param bioSource an {@code hf://buckets/...} URI of a markdown bio in the agent's own bucket
 * @param force whether to overwrite the caller's own existing registration
 */
public record RegisterRequest(
        @JsonProperty("agent_id") String agentId,
        String model,
        String harness,
        List<String> tools,
        @JsonProperty("bio_source") Optional<String> bioSource,
        boolean force) {
    /** Checks for nulls and copies the tools. */
    public RegisterRequest {
        Objects.requireNonNull(agentId, "agentId");
        Objects.requireNonNull(model, "model");
        Objects.requireNonNull(harness, "harness");
        tools = List.copyOf(tools == null ? List.of() : tools);
        bioSource = bioSource == null ? Optional.empty() : bioSource;
    }

    /**
     * A request without bio and without force.
     *
     * @param agentId the agent id
     * @param model the model
     * @param harness the harness
     * @param tools the tools
     * @return the request
     */
    public static RegisterRequest of(String agentId, String model, String harness, List<String> tools) {
        return new RegisterRequest(agentId, model, harness, tools, Optional.empty(), false);
    }

    /**
     * A copy with {@code force} set.
     *
     * @return the forcing request
     */
    public RegisterRequest forced() {
        return new RegisterRequest(agentId, model, harness, tools, bioSource, true);
    }

    /**
     * A copy with a bio source.
     *
     * @param uri the {@code hf://buckets/...} URI of the bio
     * @return the request
     */
    public RegisterRequest withBio(String uri) {
        return new RegisterRequest(agentId, model, harness, tools, Optional.of(uri), force);
    }
}
