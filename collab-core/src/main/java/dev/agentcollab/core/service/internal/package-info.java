/**
 * Shared infrastructure of the collaboration service, not public API: the frontmatter codec, stamps, naming
 * rules, source resolution, rate limiters, promotion dedup, the audit log, the read model (listing cache with
 * write-through) and the list-grammar engine. Feature packages ({@code service.board}, {@code service.result},
 * ...) compose these through {@link dev.agentcollab.core.service.internal.ServiceContext}. Everything here is
 * thread safe unless documented otherwise.
 */
package dev.agentcollab.core.service.internal;
