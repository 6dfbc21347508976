package dev.agentcollab.hf;

import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * A Xet token (write or read) that renews itself, as the Xet spec's authentication section asks: a new token is
 * fetched 30 seconds before the current one expires ({@code exp}), and when the CAS rejects the current one with
 * 401 ({@link #rejected}). A token without an expiry ({@code exp} absent, i.e. the epoch) is renewed on 401 only.
 * Thread safe.
 */
public final class XetTokens {
    /** How long before {@code exp} a token is renewed (xet-core's {@code REFRESH_BUFFER_SEC}). */
    public static final Duration REFRESH_BEFORE_EXPIRY = Duration.ofSeconds(30);

    private final Supplier<XetWriteToken> fetch;
    private final InstantSource clock;
    private XetWriteToken token;

    private XetTokens(Supplier<XetWriteToken> fetch, InstantSource clock, XetWriteToken first) {
        this.fetch = fetch;
        this.clock = clock;
        this.token = first;
    }

    /**
     * Tokens fetched on demand.
     *
     * @param fetch asks the Hub for a token (e.g. {@link HfHubClient#xetWriteToken})
     * @param clock the time compared with {@code exp}
     * @return the source; nothing is fetched until {@link #current()}
     */
    public static XetTokens of(Supplier<XetWriteToken> fetch, InstantSource clock) {
        return new XetTokens(Objects.requireNonNull(fetch, "fetch"), Objects.requireNonNull(clock, "clock"), null);
    }

    /**
     * One token that is never renewed (for callers that manage tokens themselves).
     *
     * @param token the token
     * @return the source
     */
    public static XetTokens fixed(XetWriteToken token) {
        Objects.requireNonNull(token, "token");
        return new XetTokens(() -> token, InstantSource.fixed(Instant.EPOCH), token);
    }

    /**
     * The token to use now: the cached one, or a new one when none is cached or it expires within 30 s.
     *
     * @return a token
     */
    public synchronized XetWriteToken current() {
        if (token == null || expiresSoon(token)) {
            token = fetch.get();
        }
        return token;
    }

    /**
     * Reports that the CAS answered 401 to a token, and returns the token to retry with: a new one, unless another
     * caller already replaced the rejected one.
     *
     * @param rejected the token the CAS refused
     * @return the token to use next
     */
    public synchronized XetWriteToken rejected(XetWriteToken rejected) {
        if (token == null || token.accessToken().equals(rejected.accessToken())) {
            token = fetch.get();
        }
        return token;
    }

    private boolean expiresSoon(XetWriteToken t) {
        if (t.expiresAt().equals(Instant.EPOCH)) {
            return false;
        }
        return !clock.instant().isBefore(t.expiresAt().minus(REFRESH_BEFORE_EXPIRY));
    }
}
