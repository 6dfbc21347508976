package dev.agentcollab.inference.harness;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.introspect.BeanPropertyDefinition;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.json.Json;
import java.util.Collections;
import java.util.SortedSet;
import java.util.TreeSet;

/**
 * The deployment's name for the score ({@code --score-field}): {@code result.md} and {@code summary.json} carry
 * tokens/s under it, so a verifier reading the re-run's {@code summary.json} by that name finds the score. It must
 * not be one of the other keys the harness writes ({@code ppl}, {@code speedup}, ...), whose values it would
 * overwrite or be overwritten by; {@code score} (the default) and {@code tps} hold the score anyway and are allowed.
 */
public final class ScoreField {
    /** The default name. */
    public static final String DEFAULT = "score";

    private static final SortedSet<String> RESERVED = reservedKeys();

    private ScoreField() {}

    /**
     * The keys the score field may not take: every key of {@code summary.json} (also of its error form) and of
     * {@code result.md}'s frontmatter, except {@code score} and {@code tps}.
     *
     * @return the reserved keys, sorted
     */
    public static SortedSet<String> reserved() {
        return RESERVED;
    }

    /**
     * Checks a score field name.
     *
     * @param name the name
     * @return {@code name}
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for a blank name or a reserved key, naming the
     *     reserved keys
     */
    public static String check(String name) {
        if (name == null || name.isBlank()) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "--score-field must not be blank");
        }
        if (RESERVED.contains(name)) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "--score-field '" + name + "' is a key the harness writes itself; choose another name (reserved: "
                            + String.join(", ", RESERVED) + ")");
        }
        return name;
    }

    private static SortedSet<String> reservedKeys() {
        ObjectMapper mapper = Json.mapper();
        SortedSet<String> keys = new TreeSet<>(ResultFile.KEYS);
        for (BeanPropertyDefinition p : mapper.getSerializationConfig()
                .introspect(mapper.constructType(HarnessSummary.class))
                .findProperties()) {
            keys.add(p.getName());
        }
        keys.add("message");
        keys.remove(DEFAULT);
        keys.remove("tps");
        return Collections.unmodifiableSortedSet(keys);
    }
}
