package dev.agentcollab.core.service.sync;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.List;
import java.util.regex.Pattern;

/** Destination rules of syncs (reference §1.7). Stateless. */
final class SyncRules {
    private static final List<String> BLOCKED = List.of("README.md", "LEADERBOARD.md", "shared_resources/README.md");
    private static final List<String> BLOCKED_PREFIXES = List.of("audit/", "inbox/", "taskforces/");

    private SyncRules() {}

    /**
     * The marker rule, as the taskforce files apply it: {@code _<id>} must occur in the destination path and not be
     * followed by another id character, so {@code _agent-10} does not satisfy {@code agent-1} (the reference's
     * substring match is a bug, see docs/deviations.md).
     */
    static void requireMarker(String dest, String agentId, String what) {
        if (!Pattern.compile("_" + Pattern.quote(agentId) + "(?![a-z0-9-])")
                .matcher(dest)
                .find()) {
            throw CollabException.of(
                    ErrorCode.INVALID_PATH,
                    what + " dest path must include '_" + agentId + "' in the leaf component",
                    "e.g. 'tokenizers/" + agentId + "_bpe.json' or 'plots/curve_" + agentId + ".png'");
        }
    }

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
