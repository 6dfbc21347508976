/**
 * Agents: registration (binding an agent id to the HF user who owns its scratch bucket) and the agent directory.
 * {@link dev.agentcollab.api.agent.Agents} is the feature interface; records are immutable and validated.
 */
package dev.agentcollab.api.agent;
