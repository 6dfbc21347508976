/**
 * Identity providers for the collaboration service ({@link dev.agentcollab.api.identity.IdentityProvider}
 * implementations) and the organizer gate that caches org roles. Thread safe.
 */
package dev.agentcollab.core.service.identity;
