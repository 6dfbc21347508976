/**
 * The {@code /v1} HTTP API: {@link dev.agentcollab.core.http.CollabServer}, an embeddable server on
 * an embedded Jetty 12 that also serves the dashboard at {@code /}, and
 * {@link dev.agentcollab.core.http.CollabClient}, a {@link dev.agentcollab.api.Collab} over {@code java.net.http}
 * so code written against a local session runs unchanged against a remote server. What the dashboard shows and
 * how people sign in to it is {@link dev.agentcollab.core.http.DashboardSettings} (links, baseline rows,
 * {@link dev.agentcollab.core.http.OAuthSettings} for "Sign in with Hugging Face"); see docs/dashboard.md.
 */
package dev.agentcollab.core.http;
