package dev.agentcollab.core.service.identity;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.api.identity.IdentityProvider;
import dev.agentcollab.core.bucket.hf.HfHubClient;
import dev.agentcollab.core.bucket.hf.HfOrgMembership;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Identity from the Hugging Face Hub: {@link HfHubClient#whoami(String)} for tokens. Roles come from the
 * {@code roleInOrg} that {@code whoami-v2} reports for each organisation, remembered per user from their latest
 * whoami; a user whose roles were never seen cannot be checked (a retryable {@code UNAVAILABLE}, which the
 * broadcast gate turns into {@code ORGANIZER_CHECK_UNAVAILABLE}). The reference's org-members API lookup with the
 * admin token is not implemented. Thread safe.
 */
public final class HubIdentityProvider implements IdentityProvider {
    private final HfHubClient hub;
    private final ConcurrentHashMap<String, Map<String, Optional<String>>> roles = new ConcurrentHashMap<>();

    /**
     * Creates the provider.
     *
     * @param hub the Hub client (its own token is not used for whoami)
     */
    public HubIdentityProvider(HfHubClient hub) {
        this.hub = Objects.requireNonNull(hub, "hub");
    }

    @Override
    public HfIdentity whoami(String token) {
        dev.agentcollab.core.bucket.hf.HfIdentity id = hub.whoami(token);
        Map<String, Optional<String>> byOrg = new ConcurrentHashMap<>();
        for (HfOrgMembership m : id.orgs()) {
            byOrg.put(m.name(), m.role().map(r -> r.toLowerCase(Locale.ROOT)));
        }
        roles.put(id.name().toLowerCase(Locale.ROOT), byOrg);
        List<String> orgs = id.orgs().stream().map(HfOrgMembership::name).toList();
        return new HfIdentity(id.name(), orgs, id.email());
    }

    @Override
    public Optional<String> roleIn(String org, HfIdentity user) {
        Map<String, Optional<String>> byOrg = roles.get(user.name().toLowerCase(Locale.ROOT));
        if (byOrg == null) {
            throw CollabException.of(ErrorCode.UNAVAILABLE, "no role information for hf user '" + user.name() + "'");
        }
        Optional<String> role = byOrg.get(org);
        if (role == null) {
            return Optional.empty();
        }
        if (role.isEmpty()) {
            throw CollabException.of(
                    ErrorCode.UNAVAILABLE, "whoami did not report a role in '" + org + "' for '" + user.name() + "'");
        }
        return role;
    }
}
