package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.identity.MeInfo;
import dev.agentcollab.core.http.CollabSessions;
import dev.agentcollab.core.http.DashboardSettings;
import java.io.IOException;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The dashboard's sign-in routes. {@code POST /auth/token} signs in with a bearer token (static identities);
 * {@code GET /auth/login} and {@code GET /auth/callback} run "Sign in with Hugging Face" (the server exchanges
 * the code and keeps the token); {@code GET /auth/session} says who is signed in; {@code POST /auth/logout} ends
 * the session. Sessions live in {@link WebSessions}; the cookie is {@code HttpOnly} and {@code SameSite=Lax}
 * ({@code Secure} when a configured URL or the proxy's forwarded protocol is https), and
 * it authenticates only requests that also carry the {@value WebSessions#DASHBOARD_HEADER} header.
 */
public final class AuthRoutes {
    private AuthRoutes() {}

    /**
     * Adds the routes.
     *
     * @param b the router builder
     * @param sessions where per-request views come from (checks tokens through {@code me()})
     * @param web the session store
     * @param settings the dashboard settings (token sign-in switch, OAuth provider)
     */
    public static void register(
            Router.Builder b, CollabSessions sessions, WebSessions web, DashboardSettings settings) {
        Optional<OAuthClient> oauth = settings.oauth().map(OAuthClient::new);
        boolean secure = settings.oauth()
                        .map(o -> o.redirectUri().getScheme().equals("https"))
                        .orElse(false)
                || settings.publicUrl().map(u -> u.startsWith("https:")).orElse(false);

        b.get("/auth/session", call -> {
            Map<String, Object> out = new LinkedHashMap<>();
            out.put("signed_in", false);
            Optional<String> id = call.cookie(WebSessions.COOKIE);
            Optional<WebSessions.Session> s = id.flatMap(web::find);
            if (s.isPresent()) {
                try {
                    MeInfo me = me(sessions, call, s.get().token());
                    out.put("signed_in", true);
                    out.put("method", s.get().method());
                    out.put("hf_user", me.hfUser());
                    out.put("handle", me.handle());
                    out.put("is_member", me.isMember());
                    out.put("is_organizer", me.isOrganizer());
                    out.put("expires", s.get().expires().toString());
                } catch (CollabException e) {
                    if (e.code() != ErrorCode.UNAUTHORIZED) {
                        throw e;
                    }
                    web.remove(id.get()); // the token was revoked: sign out
                }
            }
            call.responseHeader("Cache-Control", "no-store");
            call.json(200, out);
        });

        b.post("/auth/token", call -> {
            requireDashboard(call);
            if (!settings.tokenLogin()) {
                throw CollabException.of(
                        ErrorCode.ROUTE_NOT_FOUND, "token sign-in is disabled on this server", "sign in with OAuth");
            }
            String token = call.json().requiredString("token").strip();
            if (token.isEmpty() || token.length() > 4096) {
                throw CollabException.of(ErrorCode.INVALID_REQUEST, "token must be 1 to 4096 characters");
            }
            MeInfo me = me(sessions, call, token);
            String id = web.create(token, "token");
            call.responseHeader(
                    "Set-Cookie",
                    cookie(call, secure, WebSessions.COOKIE, id, web.ttl().toSeconds(), "/"));
            call.responseHeader("Cache-Control", "no-store");
            call.json(
                    200,
                    Map.of(
                            "signed_in",
                            true,
                            "method",
                            "token",
                            "hf_user",
                            me.hfUser(),
                            "handle",
                            me.handle(),
                            "is_member",
                            me.isMember(),
                            "is_organizer",
                            me.isOrganizer()));
        });

        b.post("/auth/logout", call -> {
            requireDashboard(call);
            call.cookie(WebSessions.COOKIE).ifPresent(web::remove);
            call.responseHeader("Set-Cookie", cookie(call, secure, WebSessions.COOKIE, "", 0, "/"));
            call.json(200, Map.of("signed_in", false));
        });

        b.get("/auth/login", call -> {
            OAuthClient client = oauth.orElseThrow(() ->
                    CollabException.of(ErrorCode.ROUTE_NOT_FOUND, "OAuth sign-in is not configured on this server"));
            Map.Entry<String, String> login = web.beginLogin();
            call.responseHeader(
                    "Set-Cookie",
                    cookie(
                            call,
                            secure,
                            WebSessions.STATE_COOKIE,
                            login.getKey(),
                            WebSessions.STATE_TTL.toSeconds(),
                            "/auth"));
            redirect(call, client.authorizeUrl(login.getKey(), login.getValue()).toString());
        });

        b.get("/auth/callback", call -> {
            OAuthClient client = oauth.orElseThrow(() ->
                    CollabException.of(ErrorCode.ROUTE_NOT_FOUND, "OAuth sign-in is not configured on this server"));
            QueryParams q = call.query();
            Optional<String> error = q.string("error");
            if (error.isPresent()) {
                redirect(call, "/?signin_error=" + URLEncoder.encode(error.get(), StandardCharsets.UTF_8));
                return;
            }
            String state = q.string("state").orElse("");
            String code = q.string("code").orElse("");
            // The state must be the one this browser started with (cookie) and unused (server side).
            boolean sameBrowser =
                    call.cookie(WebSessions.STATE_COOKIE).filter(state::equals).isPresent();
            Optional<String> verifier = sameBrowser ? web.finishLogin(state) : Optional.empty();
            if (verifier.isEmpty() || code.isEmpty()) {
                redirect(call, "/?signin_error=invalid_state");
                return;
            }
            String token;
            try {
                token = client.exchange(code, verifier.get());
                me(sessions, call, token);
            } catch (CollabException e) {
                redirect(call, "/?signin_error=" + URLEncoder.encode(e.code().name(), StandardCharsets.UTF_8));
                return;
            }
            String id = web.create(token, "oauth");
            call.responseHeader(
                    "Set-Cookie",
                    cookie(call, secure, WebSessions.COOKIE, id, web.ttl().toSeconds(), "/"));
            redirect(call, "/");
        });
    }

    private static MeInfo me(CollabSessions sessions, HttpCall call, String token) {
        CallContext ctx = call.context();
        return sessions.session(new CallContext(Optional.of(token), ctx.callerIp(), ctx.userAgent()))
                .me();
    }

    private static void requireDashboard(HttpCall call) {
        if (call.header(WebSessions.DASHBOARD_HEADER).isEmpty()) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "missing header " + WebSessions.DASHBOARD_HEADER,
                    "the dashboard's scripts send it; cross-site forms cannot");
        }
    }

    /**
     * Whether the browser reached the server over https through a proxy that says so ({@code X-Forwarded-Proto} or
     * {@code Forwarded: proto=}): a deployment behind an https proxy (a Space) whose public URL is set only as
     * {@code server.public_url} still gets {@code Secure} cookies. A client that claims https falsely only makes
     * its own cookie stricter.
     */
    static boolean viaHttps(HttpCall call) {
        String proto = call.header("X-Forwarded-Proto").orElse("");
        if (proto.isEmpty()) {
            String forwarded = call.header("Forwarded").orElse("");
            for (String pair : forwarded.split("[,;]")) {
                String p = pair.strip();
                if (p.regionMatches(true, 0, "proto=", 0, 6)) {
                    proto = p.substring(6).replace("\"", "");
                    break;
                }
            }
        }
        int comma = proto.indexOf(',');
        return (comma < 0 ? proto : proto.substring(0, comma)).strip().equalsIgnoreCase("https");
    }

    /** A cookie for this answer: {@code Secure} when a configured URL is https or the browser came over https. */
    private static String cookie(
            HttpCall call, boolean configuredSecure, String name, String value, long maxAge, String path) {
        return name + "=" + value + "; Path=" + path + "; Max-Age=" + maxAge + "; HttpOnly; SameSite=Lax"
                + (configuredSecure || viaHttps(call) ? "; Secure" : "");
    }

    private static void redirect(HttpCall call, String location) throws IOException {
        call.responseHeader("Location", location);
        call.responseHeader("Cache-Control", "no-store");
        call.bytes(302, "text/plain; charset=utf-8", new byte[0]);
    }
}
