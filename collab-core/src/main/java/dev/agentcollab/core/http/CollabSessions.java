package dev.agentcollab.core.http;

import dev.agentcollab.api.Collab;
import dev.agentcollab.api.identity.CallContext;

/**
 * Hands the server one caller's {@link Collab} view per request, from the request's bearer token, remote address
 * and user agent. A local service's {@code session} method fits, e.g. {@code service::session}. Implementations
 * MUST be thread safe.
 */
@FunctionalInterface
public interface CollabSessions {
    /**
     * Opens a view for one request.
     *
     * @param context the caller's bearer token (if any), IP and user agent
     * @return the view; cheap to create
     */
    Collab session(CallContext context);
}
