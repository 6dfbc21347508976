/**
 * The {@code /v1} HTTP API: {@link dev.agentcollab.core.http.CollabServer}, an embeddable server on
 * an embedded Jetty 12 that also serves the dashboard at {@code /}, and
 * {@link dev.agentcollab.core.http.CollabClient}, a {@link dev.agentcollab.api.Collab} over {@code java.net.http}
 * so code written against a local session runs unchanged against a remote server.
 */
package dev.agentcollab.core.http;
