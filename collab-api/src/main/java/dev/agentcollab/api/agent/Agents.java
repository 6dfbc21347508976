package dev.agentcollab.api.agent;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;

/**
 * Registration and the directory of agents, as seen by one caller. Implementations MUST be thread safe.
 */
public interface Agents {

    /**
     * Registers (or, with {@code force}, re-registers) an agent for the caller's bearer token.
     *
     * <p>Checks, in order: agent id format and the reserved {@code human}/{@code human-*} ids ({@code INVALID_PATH});
     * the registration rate limit ({@code RATE_LIMITED}); the scratch bucket exists ({@code BUCKET_MISSING}); a
     * bearer token that {@code whoami} accepts ({@code UNAUTHORIZED}); the {@code .bucket-sync-handshake} file in
     * the scratch bucket names the caller ({@code BUCKET_NOT_OWNED_BY_CALLER}); an existing registration belongs
     * to the caller ({@code IDENTITY_MISMATCH}) and {@code force} is set ({@code AGENT_ID_TAKEN}); the bio source
     * lies in the agent's own bucket.
     *
     * @param request what to register
     * @return where the registration was written
     * @throws CollabException with the codes above
     */
    Registration register(RegisterRequest request);

    /**
     * Lists registered agents. Supports {@code q}; {@code match} on the wire names {@code hf_user}, {@code model}
     * and {@code harness} (aliases of the stored keys {@code agent_model} and {@code agent_harness}, which are
     * accepted too); {@code expand}, {@code limit} (default: none), {@code order} (default ascending), and
     * {@code after}/{@code before} (cursor filenames like {@code agent-1.md}).
     *
     * @param query the query
     * @return the page
     */
    Page<AgentInfo> list(ListQuery query);

    /**
     * Reads one registration.
     *
     * @param agentId the agent id
     * @return the agent
     * @throws CollabException {@code INVALID_PATH} for a malformed id, {@code NOT_REGISTERED} when absent
     */
    AgentInfo get(String agentId);
}
