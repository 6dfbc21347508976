/** Agent registration and the agent directory over the central bucket's {@code agents/} folder. */
package dev.agentcollab.core.service.agent;
