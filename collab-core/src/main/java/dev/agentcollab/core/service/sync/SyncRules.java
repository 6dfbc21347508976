package dev.agentcollab.core.service.sync;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.List;

/** Destination rules of syncs (reference §1.7). Stateless. */
final class SyncRules {
    private static final List<String> BLOCKED = List.of("README.md", "LEADERBOARD.md", "shared_resources/README.md");
    private static final List<String> BLOCKED_PREFIXES = List.of("audit/", "inbox/", "taskforces/");

    private SyncRules() {}

    /** Reserved central targets are never sync destinations. */
    static void requireNotBlocked(String target) {
        if (BLOCKED.contains(target)) {
            throw CollabException.of(ErrorCode.INVALID_PATH, "target path blocked: " + target, "this path is reserved");
        }
        for (String prefix : BLOCKED_PREFIXES) {
            if (target.startsWith(prefix)) {
                throw CollabException.of(
                        ErrorCode.INVALID_PATH,
                        "target path blocked: " + target,
                        "prefix '" + prefix + "' is reserved");
            }
        }
    }
}
