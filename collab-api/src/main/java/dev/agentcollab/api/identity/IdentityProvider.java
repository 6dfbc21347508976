package dev.agentcollab.api.identity;

import dev.agentcollab.api.error.CollabException;
import java.util.Optional;

/**
 * Resolves bearer tokens to identities and looks up organisation roles. The embedded default is a static token
 * table; the deployed service asks the Hugging Face Hub ({@code whoami} and the org-members API).
 *
 * <p>Implementations MUST be thread safe. The service caches role lookups itself (for {@code ORG_ROLES_TTL_S}),
 * so implementations need not; one that does caches them itself says so with {@link #cachesRoles()}, and the
 * service then adds no second cache (so a changed role takes effect within one TTL).
 */
public interface IdentityProvider {

    /**
     * Verifies a token.
     *
     * @param token the bearer token, without the {@code Bearer} scheme
     * @return the identity the token belongs to
     * @throws CollabException {@code UNAUTHORIZED} when the token is unknown, invalid or not a user's; a retryable
     *     code ({@code RATE_LIMITED}, {@code UNAVAILABLE}, {@code UPSTREAM_ERROR}, {@code TIMEOUT}) when it could
     *     not be checked right now, which the service answers as {@code UNAVAILABLE} with {@code Retry-After}
     */
    HfIdentity whoami(String token);

    /**
     * Looks up a user's role in an organisation.
     *
     * @param org the organisation
     * @param user the verified user
     * @return the role (e.g. {@code admin}, {@code write}, {@code read}), or empty when the user is no member
     * @throws CollabException a retryable code ({@code UNAVAILABLE}, {@code UPSTREAM_ERROR}) when the lookup
     *     failed; the broadcast gate turns it into {@code ORGANIZER_CHECK_UNAVAILABLE}
     */
    Optional<String> roleIn(String org, HfIdentity user);

    /**
     * Whether {@link #roleIn} answers from a cache of its own that expires within {@code ORG_ROLES_TTL_S}.
     *
     * @return {@code false} unless overridden
     */
    default boolean cachesRoles() {
        return false;
    }

    /**
     * What error messages call a user of this provider, as in "hf user 'ada' is not an admin of 'acme'".
     *
     * @return {@code "hf user"} (the reference's words, for identities of the Hub) unless overridden
     */
    default String userNoun() {
        return "hf user";
    }
}
