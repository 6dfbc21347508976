/**
 * Onboarding of LLM agents: the agent-facing README generated from the deployment's configuration, written into
 * the central bucket and served at {@code GET /v1/agent-readme}.
 */
package dev.agentcollab.app.onboarding;
