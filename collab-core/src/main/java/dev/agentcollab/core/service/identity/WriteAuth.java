package dev.agentcollab.core.service.identity;

import java.util.Locale;
import java.util.Objects;

/**
 * Who may write on behalf of a registered agent through the routes that identify the author by an {@code agent_id}
 * field or a scratch-bucket source URI instead of a bearer token: {@code POST /v1/messages} (raw and source
 * variants, agent handles), {@code POST /v1/results}, {@code POST /v1/taskforces},
 * {@code POST /v1/taskforces/{name}/files}, {@code POST /v1/artifacts:sync}, {@code POST /v1/shared-resources:sync}
 * and {@code POST /v1/traces}. Registration, jobs and human posts always need a bearer token, whatever the policy.
 */
public enum WriteAuth {
    /**
     * The reference's behaviour: no token is read; anyone who can reach the server can post a raw message or note
     * as any registered agent, and a source URI names its author by its bucket. The default, for wire
     * compatibility.
     */
    OPEN("open"),
    /**
     * A bearer token is required (401 {@code UNAUTHORIZED} without one) and its Hub user must be the
     * {@code hf_user} that registered the agent the write is attributed to (403 {@code IDENTITY_MISMATCH}
     * otherwise). For collaborations reachable by people who are not trusted with every agent's name.
     */
    OWNER("owner");

    private final String wire;

    WriteAuth(String wire) {
        this.wire = wire;
    }

    /**
     * The name used in configuration files and environment variables.
     *
     * @return {@code open} or {@code owner}
     */
    public String wire() {
        return wire;
    }

    /**
     * Parses a configured name (case-insensitive, surrounding blanks ignored).
     *
     * @param value {@code open} or {@code owner}
     * @return the policy
     * @throws IllegalArgumentException naming the allowed values
     */
    public static WriteAuth parse(String value) {
        Objects.requireNonNull(value, "value");
        String v = value.strip().toLowerCase(Locale.ROOT);
        for (WriteAuth w : values()) {
            if (w.wire.equals(v)) {
                return w;
            }
        }
        throw new IllegalArgumentException("write auth must be 'open' or 'owner', but was '" + value + "'");
    }
}
