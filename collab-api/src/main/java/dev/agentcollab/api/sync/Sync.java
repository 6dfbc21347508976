package dev.agentcollab.api.sync;

import dev.agentcollab.api.error.CollabException;

/**
 * Copies folders from scratch buckets into the central bucket ({@code POST /v1/artifacts:sync},
 * {@code POST /v1/shared-resources:sync}). A re-sync overwrites. Implementations MUST be thread safe.
 */
public interface Sync {

    /**
     * Publishes a folder as artifacts under {@code artifacts/<destSlug>_<agent>/}.
     *
     * @param source {@code hf://buckets/<org>/<slug>-<agent>[/<folder>]}; no folder syncs the whole bucket
     * @param destSlug the artifact slug (lowercase, digits, inner hyphens; 1-40)
     * @return what was copied
     * @throws CollabException {@code INVALID_PATH}, {@code NOT_REGISTERED}, {@code RATE_LIMITED},
     *     {@code SYNC_TOO_LARGE} (file count or bytes over the cap; nothing is copied)
     */
    SyncReceipt artifacts(String source, String destSlug);

    /**
     * Publishes a folder as a shared resource under {@code shared_resources/<destPath>/}. The destination must
     * carry the agent's marker {@code _<agent>} (e.g. {@code tokenizers/bpe_agent-1}).
     *
     * @param source {@code hf://buckets/<org>/<slug>-<agent>[/<folder>]}
     * @param destPath the destination folder
     * @return what was copied
     * @throws CollabException {@code INVALID_PATH}, {@code NOT_REGISTERED}, {@code RATE_LIMITED},
     *     {@code SYNC_TOO_LARGE}
     */
    SyncReceipt sharedResources(String source, String destPath);
}
