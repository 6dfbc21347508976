package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.Objects;
import java.util.Optional;

/**
 * Registration lookups over the read model: the cached {@code agents/} listing first (it includes every
 * registration written through this service), then a direct read, so out-of-band registrations are found at once.
 * Thread safe.
 */
public final class AgentDirectory {
    /** The folder of registrations. */
    public static final String FOLDER = "agents/";

    private final ReadModel reads;

    /**
     * Creates the directory.
     *
     * @param reads the read model
     */
    public AgentDirectory(ReadModel reads) {
        this.reads = Objects.requireNonNull(reads, "reads");
    }

    /**
     * The registration path of an agent.
     *
     * @param agentId the agent id
     * @return {@code agents/<id>.md}
     */
    public static String path(String agentId) {
        return FOLDER + agentId + ".md";
    }

    /**
     * Whether an agent is registered.
     *
     * @param agentId a validated agent id
     * @return {@code true} when its registration exists
     */
    public boolean isRegistered(String agentId) {
        String path = path(agentId);
        return reads.listed(FOLDER, path) || reads.read(path).isPresent();
    }

    /**
     * Whether an agent's registration is in the agents listing (every registration made through this service, and
     * out-of-band ones once the listing was read after them), without reading the store: what mention routing asks,
     * as the reference routes from its listing, so that a body full of {@code @words} costs no read per word.
     *
     * @param agentId a validated agent id
     * @return {@code true} when the listing holds its registration
     */
    public boolean isListed(String agentId) {
        return reads.listed(FOLDER, path(agentId));
    }

    /**
     * Reads a registration.
     *
     * @param agentId a validated agent id
     * @return the parsed registration, or empty
     */
    public Optional<StoredDoc> registration(String agentId) {
        return reads.document(path(agentId));
    }

    /**
     * Fails unless the agent is registered.
     *
     * @param agentId a validated agent id
     * @throws CollabException {@code NOT_REGISTERED} with hint {@code register first via POST /v1/agents/register}
     */
    public void requireRegistered(String agentId) {
        if (!isRegistered(agentId)) {
            throw CollabException.of(
                    ErrorCode.NOT_REGISTERED,
                    "agent '" + agentId + "' is not registered",
                    "register first via POST /v1/agents/register");
        }
    }
}
