package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Naming rules of the reference (§1.6): agent ids, slugs, taskforce and channel names share one shape, 1-40
 * characters of lowercase letters, digits and inner hyphens.
 */
public final class Names {
    /** The shape of agent ids, slugs, taskforce and channel names. */
    public static final Pattern ID = Pattern.compile("[a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?");

    private static final String NAME_HINT = "kebab-case, 1-40 chars: [a-z0-9] with internal hyphens";

    private Names() {}

    /**
     * Validates an agent id (or a human handle on read paths).
     *
     * @param id the id
     * @return the id
     * @throws CollabException {@code INVALID_PATH}: {@code agent_id must be lowercase: '<id>'} (hint with the
     *     lowercase form when that is a valid id, else the shape) or {@code invalid agent_id: '<id>'}
     */
    public static String agentId(String id) {
        return validate(id, "agent_id", null);
    }

    /**
     * Validates an agent id for registration: the shape plus the reserved {@code human} and {@code human-*}.
     *
     * @param id the id
     * @return the id
     * @throws CollabException {@code INVALID_PATH}
     */
    public static String registrableAgentId(String id) {
        agentId(id);
        if (id.equals("human") || id.startsWith("human-")) {
            throw CollabException.of(
                    ErrorCode.INVALID_PATH,
                    "agent_id '" + id + "' is reserved for human handles",
                    "pick an agent_id that does not start with 'human-'");
        }
        return id;
    }

    /**
     * Validates a taskforce name.
     *
     * @param name the name
     * @return the name
     * @throws CollabException {@code INVALID_PATH}
     */
    public static String taskforce(String name) {
        return validate(name, "taskforce name", NAME_HINT);
    }

    /**
     * Validates a channel name.
     *
     * @param name the name
     * @return the name
     * @throws CollabException {@code INVALID_PATH}
     */
    public static String channel(String name) {
        return validate(name, "channel name", NAME_HINT);
    }

    /**
     * Validates an artifact slug.
     *
     * @param slug the slug
     * @return the slug
     * @throws CollabException {@code INVALID_PATH} {@code invalid slug: '<slug>'}
     */
    public static String slug(String slug) {
        if (slug == null || !ID.matcher(slug).matches()) {
            throw CollabException.of(ErrorCode.INVALID_PATH, "invalid slug: '" + slug + "'", NAME_HINT);
        }
        return slug;
    }

    /**
     * Whether a text has the id shape.
     *
     * @param text the text
     * @return {@code true} when it matches {@link #ID}
     */
    public static boolean isId(String text) {
        return text != null && ID.matcher(text).matches();
    }

    /**
     * Whether a handle is a human handle: {@code human-} plus a non-empty rest (bare {@code human} is not).
     *
     * @param handle the handle
     * @return {@code true} for {@code human-<x>}
     */
    public static boolean isHumanHandle(String handle) {
        return handle.startsWith("human-") && handle.length() > "human-".length();
    }

    /**
     * The author of a record filename: strip {@code .md}; if the stem contains {@code _} and the part before the
     * first {@code _} starts with 8 digits, the part after it, otherwise the whole stem.
     *
     * @param filename a leaf filename
     * @return the author
     */
    public static String agentFromFilename(String filename) {
        String stem = filename.endsWith(".md") ? filename.substring(0, filename.length() - 3) : filename;
        int underscore = stem.indexOf('_');
        if (underscore >= 8 && stem.substring(0, 8).chars().allMatch(Character::isDigit)) {
            return stem.substring(underscore + 1);
        }
        return stem;
    }

    private static String validate(String value, String what, String hint) {
        if (value == null) {
            throw CollabException.of(ErrorCode.INVALID_PATH, "invalid " + what + ": 'None'", hint);
        }
        String lower = value.toLowerCase(Locale.ROOT);
        if (!value.equals(lower)) {
            // the reference suggests the lowercase form even when it is no valid name either ('Bad Name!' ->
            // 'bad name!'); the shape's hint is given then (docs/deviations.md)
            throw CollabException.of(
                    ErrorCode.INVALID_PATH,
                    what + " must be lowercase: '" + value + "'",
                    ID.matcher(lower).matches() ? "use '" + lower + "' instead" : NAME_HINT);
        }
        if (!ID.matcher(value).matches()) {
            throw CollabException.of(ErrorCode.INVALID_PATH, "invalid " + what + ": '" + value + "'", hint);
        }
        return value;
    }

    /**
     * The marker rule (§1.7) for files an agent names itself (taskforce files, shared resources): {@code _<id>}
     * must occur in the destination path and not be followed by another id character, so {@code _agent-10} does
     * not satisfy {@code agent-1} (the reference's substring match is a bug, see docs/deviations.md).
     *
     * @param dest the destination path
     * @param agentId the author
     * @param what what is being written, for the message (e.g. {@code taskforce file})
     * @throws CollabException {@code INVALID_PATH} when the marker is missing
     */
    public static void requireMarker(String dest, String agentId, String what) {
        if (!Pattern.compile("_" + Pattern.quote(agentId) + "(?![a-z0-9-])")
                .matcher(dest)
                .find()) {
            throw CollabException.of(
                    ErrorCode.INVALID_PATH,
                    what + " dest path must include '_" + agentId + "' in the leaf component",
                    "e.g. 'tokenizers/bpe_" + agentId + ".json' or 'plots/curve_" + agentId + ".png'");
        }
    }
}
