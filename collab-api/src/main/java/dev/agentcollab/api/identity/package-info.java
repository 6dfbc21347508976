/**
 * Who is calling: the bearer-token identity SPI ({@link dev.agentcollab.api.identity.IdentityProvider}), the
 * verified identity it returns, the per-call context a service session is opened with, and the {@code /v1/me}
 * answer. All records are immutable; arguments and results are non-null unless documented.
 */
package dev.agentcollab.api.identity;
