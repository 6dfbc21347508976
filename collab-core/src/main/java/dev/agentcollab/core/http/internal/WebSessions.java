package dev.agentcollab.core.http.internal;

import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The dashboard's server-side sign-ins: an opaque random session id (the {@code HttpOnly} cookie) maps to the
 * bearer token that authenticates the person's API calls, so the token never reaches page scripts after an
 * OAuth sign-in. Also holds the short-lived OAuth {@code state} values with their PKCE verifiers (in memory only).
 * Sessions are kept by the SHA-256 of their id with the token sealed under a key derived from the id
 * ({@link SealedSession}); with a session file they are also written to disk on every sign-in and sign-out, so a
 * restart over the same file keeps people signed in; expired sessions are dropped when the file is read and
 * whenever it is written. At most {@value #MAX_SESSIONS} sessions: when full, expired ones are dropped first,
 * then an arbitrary one.
 * Thread safe.
 */
public final class WebSessions {
    /** The session cookie's name. */
    public static final String COOKIE = "collab_session";
    /** The OAuth state cookie's name. */
    public static final String STATE_COOKIE = "collab_oauth_state";
    /** The header that dashboard scripts send; cookies authenticate only requests that carry it (CSRF guard). */
    public static final String DASHBOARD_HEADER = "X-Collab-Dashboard";

    static final int MAX_SESSIONS = 10_000;
    static final Duration STATE_TTL = Duration.ofMinutes(10);

    /**
     * One sign-in.
     *
     * @param token the bearer token it stands for
     * @param method {@code token} or {@code oauth}
     * @param expires when it ends
     */
    public record Session(String token, String method, Instant expires) {
        /** Checks for nulls. */
        public Session {
            Objects.requireNonNull(token, "token");
            Objects.requireNonNull(method, "method");
            Objects.requireNonNull(expires, "expires");
        }
    }

    private record PendingLogin(String verifier, Instant expires) {}

    private final Map<String, SealedSession> sessions = new ConcurrentHashMap<>();
    private final Map<String, PendingLogin> pending = new ConcurrentHashMap<>();
    private final Clock clock;
    private final SecureRandom random;
    private final Duration ttl;
    private final Optional<SessionFile> file;

    /**
     * Creates an empty store kept in memory only (a restart signs everyone out).
     *
     * @param clock the clock for expiry
     * @param random the source of session ids, states and verifiers
     * @param ttl how long a session lasts
     */
    public WebSessions(Clock clock, SecureRandom random, Duration ttl) {
        this(clock, random, ttl, Optional.empty());
    }

    /**
     * Creates a store that reads the live sessions from a file and writes them back on every change.
     *
     * @param clock the clock for expiry
     * @param random the source of session ids, states and verifiers
     * @param ttl how long a session lasts
     * @param file the session file, or empty for memory only
     */
    public WebSessions(Clock clock, SecureRandom random, Duration ttl, Optional<Path> file) {
        this.clock = Objects.requireNonNull(clock, "clock");
        this.random = Objects.requireNonNull(random, "random");
        this.ttl = Objects.requireNonNull(ttl, "ttl");
        this.file = file.map(SessionFile::new);
        this.file.ifPresent(f -> {
            for (SealedSession s : f.load(clock.instant())) {
                sessions.put(s.idHash(), s);
            }
        });
    }

    /**
     * How long a session lasts.
     *
     * @return the time to live
     */
    public Duration ttl() {
        return ttl;
    }

    /**
     * Starts a session.
     *
     * @param token the bearer token
     * @param method {@code token} or {@code oauth}
     * @return the new session id
     */
    public String create(String token, String method) {
        Objects.requireNonNull(token, "token");
        Objects.requireNonNull(method, "method");
        synchronized (this) {
            Instant now = clock.instant();
            if (sessions.size() >= MAX_SESSIONS) {
                sessions.values().removeIf(s -> !s.expires().isAfter(now));
                if (sessions.size() >= MAX_SESSIONS) {
                    Iterator<String> oldest = sessions.keySet().iterator();
                    oldest.next();
                    oldest.remove();
                }
            }
            String id = randomId();
            SealedSession s = SealedSession.seal(id, token, method, now.plus(ttl), random);
            sessions.put(s.idHash(), s);
            persist(now);
            return id;
        }
    }

    /**
     * Looks a session up.
     *
     * @param id the session id from the cookie
     * @return the live session, or empty when unknown or expired
     */
    public Optional<Session> find(String id) {
        String hash = SealedSession.hash(id);
        SealedSession s = sessions.get(hash);
        if (s == null) {
            return Optional.empty();
        }
        if (!s.expires().isAfter(clock.instant())) {
            synchronized (this) {
                if (sessions.remove(hash, s)) {
                    persist(clock.instant());
                }
            }
            return Optional.empty();
        }
        return s.open(id).map(token -> new Session(token, s.method(), s.expires()));
    }

    /**
     * Ends a session.
     *
     * @param id the session id
     */
    public void remove(String id) {
        synchronized (this) {
            if (sessions.remove(SealedSession.hash(id)) != null) {
                persist(clock.instant());
            }
        }
    }

    /** Writes the live sessions to the file (callers hold this object's lock). */
    private void persist(Instant now) {
        file.ifPresent(f -> {
            sessions.values().removeIf(s -> !s.expires().isAfter(now));
            f.save(List.copyOf(sessions.values()));
        });
    }

    /**
     * Starts an OAuth sign-in.
     *
     * @return the {@code state} value and the PKCE verifier
     */
    public Map.Entry<String, String> beginLogin() {
        Instant now = clock.instant();
        pending.values().removeIf(p -> !p.expires().isAfter(now));
        if (pending.size() >= MAX_SESSIONS) {
            throw dev.agentcollab.api.error.CollabException.of(
                    dev.agentcollab.api.error.ErrorCode.UNAVAILABLE, "too many sign-ins in progress");
        }
        String state = randomId();
        String verifier = randomId() + randomId();
        pending.put(state, new PendingLogin(verifier, now.plus(STATE_TTL)));
        return Map.entry(state, verifier);
    }

    /**
     * Finishes an OAuth sign-in; each state works once.
     *
     * @param state the {@code state} the provider sent back
     * @return the PKCE verifier, or empty when the state is unknown, used or expired
     */
    public Optional<String> finishLogin(String state) {
        PendingLogin p = pending.remove(state);
        if (p == null || !p.expires().isAfter(clock.instant())) {
            return Optional.empty();
        }
        return Optional.of(p.verifier());
    }

    /**
     * Authenticates a call with its session when it carries the session cookie and the dashboard header but no
     * {@code Authorization} header.
     *
     * @param call the call
     * @return true when the call is a dashboard call whose cookie names no live session (signed out, expired, or
     *     forgotten by a restart without a session store): it goes on unauthenticated
     */
    public boolean attach(HttpCall call) {
        if (call.header("Authorization").isPresent()
                || call.header(DASHBOARD_HEADER).isEmpty()) {
            return false;
        }
        Optional<String> cookie = call.cookie(COOKIE);
        Optional<Session> session = cookie.flatMap(this::find);
        session.ifPresent(s -> call.useSessionBearer(s.token()));
        return cookie.isPresent() && session.isEmpty();
    }

    private String randomId() {
        byte[] b = new byte[32];
        random.nextBytes(b);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(b);
    }
}
