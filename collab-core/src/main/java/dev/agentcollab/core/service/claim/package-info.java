/**
 * One writing service per collaboration: {@link dev.agentcollab.core.service.claim.WriterClaim}, kept in the
 * collaboration's audit bucket, sees services on every machine; {@link dev.agentcollab.core.service.claim.WriterLock}
 * holds OS locks on the local files (a {@code file:} central bucket, an index snapshot) so that a second process on
 * the same machine is refused at once. {@code collab serve} takes both; an embedding application gets both with
 * {@link dev.agentcollab.core.service.CollabService.Builder#exclusive}, which holds them in an {@link
 * dev.agentcollab.core.service.claim.ExclusiveWriter}.
 */
package dev.agentcollab.core.service.claim;
