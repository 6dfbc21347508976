package dev.agentcollab.core.service.trace;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.trace.TokenTotals;
import dev.agentcollab.api.trace.TraceSummary;
import dev.agentcollab.core.service.internal.Document;
import java.math.BigInteger;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;

/**
 * Trace manifest rules (reference §7.3): validation, completeness and summaries. An absent or {@code null} metric
 * means unknown and is never counted as zero. Stateless.
 */
final class TraceManifests {
    static final Set<String> FULL_HARNESSES = Set.of("claude-code", "codex");
    static final List<String> REQUIRED = List.of("schema_version", "harness", "session_id");
    static final List<String> USAGE = List.of(
            "total_tokens",
            "input_tokens",
            "output_tokens",
            "cache_read_tokens",
            "cache_creation_tokens",
            "reasoning_tokens");
    private static final DateTimeFormatter YAML_STAMP = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'");

    private TraceManifests() {}

    static void validate(Map<String, Object> fm) {
        for (String field : REQUIRED) {
            Object v = fm.get(field);
            if (v == null || "".equals(v)) {
                throw invalid("trace manifest missing required field: " + field);
            }
        }
        Object usage = fm.get("usage");
        if (usage != null) {
            if (!(usage instanceof Map<?, ?> u)) {
                throw invalid("`usage` must be a mapping");
            }
            for (String key : USAGE) {
                Object v = u.get(key);
                if (v != null && integer(v).orElse(-1) < 0) {
                    throw invalid("`usage." + key + "` must be a non-negative integer or null");
                }
            }
        }
        Object cost = fm.get("cost_usd");
        if (cost != null
                && (!(cost instanceof Number n) || !(n.doubleValue() >= 0) || Double.isInfinite(n.doubleValue()))) {
            throw invalid("`cost_usd` must be a non-negative number or null");
        }
        Object activity = fm.get("activity");
        if (activity != null) {
            if (!(activity instanceof Map<?, ?> a)) {
                throw invalid("`activity` must be a mapping");
            }
            Object tc = a.get("tool_calls");
            if (tc != null && integer(tc).orElse(-1) < 0) {
                throw invalid("`activity.tool_calls` must be a non-negative integer or null");
            }
        }
        for (String key : List.of("started_at", "ended_at")) {
            Object v = fm.get(key);
            if (v != null && !timestamp(v)) {
                throw invalid("`" + key + "` must be a parseable timestamp or null");
            }
        }
    }

    static String completeness(Map<String, Object> fm) {
        boolean tokens = integer(mapping(fm.get("usage")).get("total_tokens")).isPresent();
        boolean tools = integer(mapping(fm.get("activity")).get("tool_calls")).isPresent();
        return FULL_HARNESSES.contains(String.valueOf(fm.get("harness"))) && tokens && tools ? "full" : "partial";
    }

    static TraceSummary summary(String agent, String session, Document doc, Optional<String> primaryLog) {
        Map<String, Object> fm = doc.frontmatter();
        return new TraceSummary(
                agent,
                session,
                text(fm.get("harness")),
                text(fm.get("model")),
                text(fm.get("share")),
                text(fm.get("completeness")),
                text(fm.get("promoted_at")),
                text(fm.get("started_at")),
                boxed(integer(mapping(fm.get("usage")).get("total_tokens"))),
                boxed(integer(mapping(fm.get("activity")).get("tool_calls"))),
                text(fm.get("result_ref")),
                excerpt(doc.body()),
                "traces/" + agent + "/" + session + "/",
                primaryLog);
    }

    static Optional<TokenTotals> tokens(Map<String, Object> fm) {
        Map<?, ?> usage = mapping(fm.get("usage"));
        if (integer(usage.get("total_tokens")).isEmpty()) {
            return Optional.empty();
        }
        long[] v = new long[USAGE.size()];
        for (int i = 0; i < v.length; i++) {
            v[i] = integer(usage.get(USAGE.get(i))).orElse(0);
            if (v[i] < 0) {
                return Optional.empty(); // a hand-edited manifest's invalid usage is not counted (sharing rejects it)
            }
        }
        return Optional.of(new TokenTotals(v[0], v[1], v[2], v[3], v[4], v[5]));
    }

    /** An integer that fits a long (booleans, floats and strings are not integers). */
    static OptionalLong integer(Object v) {
        if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            return OptionalLong.of(((Number) v).longValue());
        }
        if (v instanceof BigInteger b && b.bitLength() < 64) {
            return OptionalLong.of(b.longValue());
        }
        return OptionalLong.empty();
    }

    static Map<?, ?> mapping(Object v) {
        return v instanceof Map<?, ?> m ? m : Map.of();
    }

    private static boolean timestamp(Object v) {
        if (!(v instanceof String s) || s.isBlank()) {
            return v instanceof java.time.temporal.Temporal || v instanceof java.util.Date;
        }
        String t = s.strip();
        List<java.util.function.Consumer<String>> parsers = List.of(
                x -> OffsetDateTime.parse(x.replace(' ', 'T').replace("Z", "+00:00")),
                x -> LocalDateTime.parse(x.replace(' ', 'T')),
                LocalDate::parse,
                x -> LocalDateTime.parse(x, YAML_STAMP));
        for (var p : parsers) {
            try {
                p.accept(t);
                return true;
            } catch (DateTimeParseException e) {
                // try the next format
            }
        }
        return false;
    }

    private static Optional<String> text(Object v) {
        return v == null || "".equals(v) ? Optional.empty() : Optional.of(String.valueOf(v));
    }

    private static Optional<Long> boxed(OptionalLong v) {
        return v.isPresent() ? Optional.of(v.getAsLong()) : Optional.empty();
    }

    private static String excerpt(String body) {
        String t = body.strip();
        // in characters (code points), as the reference counts: never half of a surrogate pair
        return t.codePointCount(0, t.length()) <= 280
                ? t
                : t.substring(0, t.offsetByCodePoints(0, 280)).stripTrailing() + "…";
    }

    private static CollabException invalid(String message) {
        return CollabException.of(ErrorCode.INVALID_FRONTMATTER, message);
    }
}
