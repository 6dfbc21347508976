/** The running service's own health, for organizers ({@code GET /v1/status}). */
package dev.agentcollab.api.status;
