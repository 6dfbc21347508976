/**
 * The collaboration service: the only writer of the central bucket. {@link
 * dev.agentcollab.core.service.CollabService} is built over any {@link dev.agentcollab.api.bucket.BucketStore}
 * with a {@link dev.agentcollab.core.service.CollabConfig} and an identity provider, and hands out one {@link
 * dev.agentcollab.api.Collab} view per caller. Feature implementations live in subpackages ({@code agent},
 * {@code board}, {@code taskforce}, ...); shared infrastructure in {@code internal}.
 */
package dev.agentcollab.core.service;
