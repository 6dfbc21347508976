package dev.agentcollab.testkit.hub;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.testkit.hub.FakeHubState.User;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.ArrayDeque;
import java.util.Comparator;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * The fake Hub's identity routes, following the Hub rather than any client: {@code GET /api/whoami-v2}, rate-limited
 * like the real endpoint when asked to (429 with {@code Retry-After} and the Hub's message), for personal access
 * tokens and for OAuth-style tokens (scopes decide what whoami reveals); and
 * {@code GET /api/organizations/{org}/members} with {@code limit}/{@code offset} paging that may leave out the
 * {@code Link} header. Thread safe.
 */
final class FakeHubIdentity {
    /** An OAuth access token: which user, which scopes, which orgs the user granted the app. */
    record OAuthGrant(String user, Set<String> scopes, Set<String> orgs, Instant expiresAt) {}

    private final FakeHubState state;
    private final InstantSource clock;
    private final Supplier<String> endpoint;
    private final Map<String, OAuthGrant> oauth = new ConcurrentHashMap<>();
    private final Deque<Instant> whoamiCalls = new ArrayDeque<>();
    private volatile int whoamiLimit = Integer.MAX_VALUE;
    private volatile Duration whoamiWindow = Duration.ofMinutes(1);
    private volatile boolean membersLink = true;
    private volatile int membersMaxPage = 1000;

    FakeHubIdentity(FakeHubState state, InstantSource clock, Supplier<String> endpoint) {
        this.state = state;
        this.clock = clock;
        this.endpoint = endpoint;
    }

    void addOAuthToken(String token, OAuthGrant grant) {
        oauth.put(token, grant);
    }

    void revoke(String token) {
        oauth.remove(token);
    }

    void limitWhoami(int requests, Duration window) {
        synchronized (whoamiCalls) {
            whoamiLimit = requests;
            whoamiWindow = window;
            whoamiCalls.clear();
        }
    }

    void membersPaging(int maxPage, boolean link) {
        this.membersMaxPage = maxPage;
        this.membersLink = link;
    }

    /** Whoami: 429 past the limit (counted whatever the token), 401 for an unknown token. */
    void whoami(FakeHubExchange ex) throws IOException {
        Optional<Duration> wait = takeWhoamiSlot();
        if (wait.isPresent()) {
            ex.http
                    .getResponseHeaders()
                    .set("Retry-After", Long.toString(Math.max(1, wait.get().toSeconds())));
            ex.error(
                    429,
                    null,
                    "You've hit the rate limit for the /whoami-v2 endpoint, which is intentionally strict for"
                            + " security reasons. Please consider caching the response.");
            return;
        }
        String token = ex.bearer().orElse(null);
        OAuthGrant grant = token == null ? null : oauth.get(token);
        if (grant != null && grant.expiresAt().isAfter(clock.instant()) && state.users.containsKey(grant.user())) {
            ex.json(200, oauthWhoami(state.users.get(grant.user()), grant));
            return;
        }
        Optional<User> user = state.userOfToken(token);
        if (user.isEmpty()) {
            ex.error(401, null, "Invalid credentials in Authorization header");
            return;
        }
        ex.json(200, accessTokenWhoami(user.get()));
    }

    private Optional<Duration> takeWhoamiSlot() {
        synchronized (whoamiCalls) {
            Instant now = clock.instant();
            while (!whoamiCalls.isEmpty()
                    && !whoamiCalls.peekFirst().plus(whoamiWindow).isAfter(now)) {
                whoamiCalls.removeFirst();
            }
            if (whoamiCalls.size() >= whoamiLimit) {
                return Optional.of(
                        whoamiCalls.isEmpty()
                                ? whoamiWindow
                                : Duration.between(now, whoamiCalls.peekFirst().plus(whoamiWindow)));
            }
            whoamiCalls.addLast(now);
            return Optional.empty();
        }
    }

    /** A personal access token: every org with {@code roleInOrg}, the email, {@code auth.type: access_token}. */
    private static ObjectNode accessTokenWhoami(User u) {
        ObjectNode out = base(u);
        u.email().ifPresent(e -> out.put("email", e).put("emailVerified", true));
        ArrayNode orgs = out.putArray("orgs");
        u.orgRoles().forEach((org, role) -> org(orgs, org).put("roleInOrg", role));
        ObjectNode auth = out.putObject("auth").put("type", "access_token");
        auth.putObject("accessToken").put("displayName", "fake").put("role", "write");
        return out;
    }

    /**
     * An OAuth token: orgs limited to the granted ones, {@code roleInOrg} only with {@code read-memberships}, the
     * email only with {@code email}; {@code auth.permissions} lists the scopes and {@code auth.expiresAt} the expiry.
     */
    private static ObjectNode oauthWhoami(User u, OAuthGrant grant) {
        ObjectNode out = base(u);
        if (grant.scopes().contains("email")) {
            u.email().ifPresent(e -> out.put("email", e).put("emailVerified", true));
        }
        ArrayNode orgs = out.putArray("orgs");
        u.orgRoles().forEach((org, role) -> {
            if (grant.orgs().contains(org)) {
                ObjectNode o = org(orgs, org);
                if (grant.scopes().contains("read-memberships")) {
                    o.put("roleInOrg", role);
                }
            }
        });
        ObjectNode auth = out.putObject("auth").put("type", "access_token");
        ArrayNode permissions = auth.putArray("permissions");
        grant.scopes().stream().sorted().forEach(permissions::add);
        auth.put("expiresAt", grant.expiresAt().toString());
        return out;
    }

    private static ObjectNode base(User u) {
        ObjectNode out = FakeHubExchange.JSON.createObjectNode();
        out.put("type", "user")
                .put("id", Integer.toHexString(u.name().hashCode()))
                .put("name", u.name());
        out.put("fullname", u.name());
        return out;
    }

    private static ObjectNode org(ArrayNode orgs, String org) {
        return orgs.addObject()
                .put("type", "org")
                .put("id", Integer.toHexString(org.hashCode()))
                .put("name", org)
                .put("fullname", org);
    }

    /** Members sorted by name, filtered by {@code email}, paginated by {@code limit}/{@code offset} and Link. */
    void members(FakeHubExchange ex, String org, int defaultPage) throws IOException {
        if (state.userOfToken(ex.bearer().orElse(null)).isEmpty()) {
            ex.error(401, null, "Invalid credentials in Authorization header");
            return;
        }
        List<User> members = state.users.values().stream()
                .filter(u -> u.orgRoles().containsKey(org))
                .sorted(Comparator.comparing(User::name))
                .toList();
        if (members.isEmpty()) {
            ex.error(404, null, "Organization not found: " + org);
            return;
        }
        Map<String, String> q = ex.query();
        if (q.containsKey("email")) {
            members = members.stream()
                    .filter(u -> u.email().orElse("").equalsIgnoreCase(q.get("email")))
                    .toList();
        }
        int max = Math.min(defaultPage, membersMaxPage);
        int limit = Math.max(1, Math.min(intParam(q, "limit", max), max));
        int offset = Math.max(0, intParam(q, "offset", 0));
        ArrayNode out = FakeHubExchange.JSON.createArrayNode();
        members.stream().skip(offset).limit(limit).forEach(u -> out.addObject()
                .put("user", u.name())
                .put("fullname", u.name())
                .put("type", "user")
                .put("role", u.orgRoles().get(org)));
        if (membersLink && offset + limit < members.size() && !q.containsKey("email")) {
            String next = endpoint.get() + "/api/organizations/" + org + "/members?limit=" + limit + "&offset="
                    + (offset + limit);
            ex.http.getResponseHeaders().set("Link", "<" + next + ">; rel=\"next\"");
        }
        ex.json(200, out);
    }

    private static int intParam(Map<String, String> q, String key, int fallback) {
        try {
            return q.containsKey(key) ? Integer.parseInt(q.get(key)) : fallback;
        } catch (NumberFormatException e) {
            return fallback;
        }
    }
}
