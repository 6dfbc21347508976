/**
 * {@code collab agent}: a shell client for agents that cannot run Java in-process, a thin picocli layer over
 * {@link dev.agentcollab.core.http.CollabClient} (see docs/agent-cli.md).
 */
package dev.agentcollab.app.agent;
