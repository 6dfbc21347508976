package dev.agentcollab.core.http.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;

/**
 * An ordered list of {@link Route}s. The first route whose template matches wins; a path that matches only
 * routes of other methods is a 405 {@code METHOD_NOT_ALLOWED}, a path that matches none a 404
 * {@code ROUTE_NOT_FOUND}, unless it only differs from a routed path by trailing slashes ({@link #withoutSlash}).
 * Immutable once built; thread safe.
 */
public final class Router {
    private final List<Route> routes;

    /** Each route's template split once, so that matching a request splits only its path. */
    private final List<List<String>> templates;

    /**
     * Creates a router.
     *
     * @param routes the routes, in priority order
     */
    public Router(List<Route> routes) {
        this.routes = List.copyOf(routes);
        this.templates =
                this.routes.stream().map(r -> Route.segments(r.template())).toList();
    }

    /**
     * The routes, in priority order.
     *
     * @return an immutable list
     */
    public List<Route> routes() {
        return routes;
    }

    /**
     * Finds the route for a request.
     *
     * @param method the HTTP method
     * @param rawPath the raw request path
     * @return the route and its decoded path parameters
     * @throws CollabException {@code ROUTE_NOT_FOUND} or {@code METHOD_NOT_ALLOWED}
     */
    public Match resolve(String method, String rawPath) {
        TreeSet<String> allowed = new TreeSet<>();
        List<String> segments = Route.segments(rawPath);
        for (int i = 0; i < routes.size(); i++) {
            Route r = routes.get(i);
            Optional<Map<String, String>> params = Route.match(templates.get(i), segments);
            if (params.isEmpty()) {
                continue;
            }
            boolean headOfGet = method.equals("HEAD") && r.method().equals("GET");
            if (r.method().equals(method) || headOfGet) {
                return new Match(r, params.get());
            }
            allowed.add(r.method());
        }
        if (!allowed.isEmpty()) {
            throw CollabException.of(
                    ErrorCode.METHOD_NOT_ALLOWED,
                    "method " + method + " not allowed on " + rawPath,
                    "allowed: " + String.join(", ", allowed));
        }
        throw CollabException.of(ErrorCode.ROUTE_NOT_FOUND, "no route for " + method + " " + rawPath, "see GET /v1");
    }

    /**
     * Where a path that no route matches is redirected: the same path without its trailing slashes, when a route of
     * any method matches that, as the reference's router does ({@code redirect_slashes}: 307 to
     * {@code /v1/messages} for {@code /v1/messages/}).
     *
     * @param rawPath the raw request path
     * @return the path without its trailing slashes, or empty when it has none or no route matches it
     */
    public Optional<String> withoutSlash(String rawPath) {
        int end = rawPath.length();
        while (end > 1 && rawPath.charAt(end - 1) == '/') {
            end--;
        }
        if (end == rawPath.length()) {
            return Optional.empty();
        }
        String path = rawPath.substring(0, end);
        List<String> segments = Route.segments(path);
        for (List<String> template : templates) {
            if (Route.match(template, segments).isPresent()) {
                return Optional.of(path);
            }
        }
        return Optional.empty();
    }

    /**
     * A resolved route.
     *
     * @param route the route
     * @param params the decoded path parameters
     */
    public record Match(Route route, Map<String, String> params) {
        /** Copies the parameters. */
        public Match {
            params = Map.copyOf(params);
        }
    }

    /** Collects routes in order. Not thread safe. */
    public static final class Builder {
        private final List<Route> routes = new ArrayList<>();

        /**
         * Adds a GET route.
         *
         * @param template the path template
         * @param handler the handler
         * @return this builder
         */
        public Builder get(String template, Handler handler) {
            routes.add(new Route("GET", template, handler));
            return this;
        }

        /**
         * Adds a POST route.
         *
         * @param template the path template
         * @param handler the handler
         * @return this builder
         */
        public Builder post(String template, Handler handler) {
            routes.add(new Route("POST", template, handler));
            return this;
        }

        /**
         * Builds the router.
         *
         * @return the router
         */
        public Router build() {
            return new Router(routes);
        }
    }
}
