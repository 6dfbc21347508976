package dev.agentcollab.core.http.internal;

/** Handles one routed HTTP call. Implementations throw {@code CollabException} for every expected failure. */
@FunctionalInterface
public interface Handler {
    /**
     * Handles the call and writes exactly one response.
     *
     * @param call the call, with path parameters bound
     * @throws Exception anything unexpected; the server maps it to a 500 {@code INTERNAL} error
     */
    void handle(HttpCall call) throws Exception;
}
