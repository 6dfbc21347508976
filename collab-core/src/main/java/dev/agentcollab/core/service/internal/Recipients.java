package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.board.MentionMiss;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Inbox recipients of a message (§5.1): {@code @mentions} in body order, then the authors of {@code refs}, then
 * further candidates (the parent message's author for replies). A candidate is kept when it is non-empty, not the
 * author, not seen before, has the agent-id shape, and is a registered agent or a human handle; at most
 * {@code cap} are kept, first come first served.
 */
public final class Recipients {
    private static final Pattern MENTION =
            Pattern.compile("(?<![A-Za-z0-9._%+-])@([a-z0-9](?:[a-z0-9-]{0,38}[a-z0-9])?)");
    /** Python's {@code \s} in a text pattern: Unicode white space and the separators 0x1C to 0x1F. */
    private static final String PY_SPACE = "\\s\\x1c-\\x1f";

    private static final Pattern REF_SPLIT = Pattern.compile("[," + PY_SPACE + "]+", Pattern.UNICODE_CHARACTER_CLASS);
    private static final Pattern PY_STRIP =
            Pattern.compile("^[" + PY_SPACE + "]+|[" + PY_SPACE + "]+$", Pattern.UNICODE_CHARACTER_CLASS);

    private Recipients() {}

    /**
     * Extracts the recipients.
     *
     * @param body the message body
     * @param refs the {@code refs} value: a string (comma/space separated), a list, or anything else (ignored)
     * @param extra further candidates, after the refs
     * @param author the author (never a recipient)
     * @param registered whether an agent id is registered
     * @param cap the most recipients
     * @return the recipients in delivery order
     */
    public static List<String> extract(
            String body, Object refs, List<String> extra, String author, Predicate<String> registered, int cap) {
        return deliver(body, refs, extra, author, registered, cap).recipients();
    }

    /**
     * Who gets a copy of a message, and which of its body's {@code @mentions} get none.
     *
     * @param recipients the recipients in delivery order
     * @param misses the body's mentions of others that reached no inbox, in the order written, each once
     */
    public record Delivery(List<String> recipients, List<MentionMiss> misses) {
        /** Copies the lists. */
        public Delivery {
            recipients = List.copyOf(recipients);
            misses = List.copyOf(misses);
        }
    }

    /**
     * Extracts the recipients (as {@link #extract}) and the body's mentions that reach nobody: ids that are not
     * registered agents, and mentions past the fan-out cap. Mentions of the author and repeated mentions are no
     * misses; candidates from refs and {@code extra} are implicit and never reported.
     *
     * @param body the message body
     * @param refs the {@code refs} value
     * @param extra further candidates, after the refs
     * @param author the author
     * @param registered whether an agent id is registered
     * @param cap the most recipients
     * @return the recipients and the misses
     */
    public static Delivery deliver(
            String body, Object refs, List<String> extra, String author, Predicate<String> registered, int cap) {
        List<String> mentioned = new ArrayList<>();
        Matcher m = MENTION.matcher(body);
        while (m.find()) {
            mentioned.add(m.group(1));
        }
        List<String> candidates = new ArrayList<>(mentioned);
        for (String ref : refTokens(refs)) {
            if (ref.endsWith(".md")) {
                candidates.add(Names.agentFromFilename(leaf(ref)));
            }
        }
        candidates.addAll(extra);
        Set<String> out = new LinkedHashSet<>();
        Map<String, String> missed = new LinkedHashMap<>();
        for (int i = 0; i < candidates.size(); i++) {
            String c = candidates.get(i);
            boolean written = i < mentioned.size();
            if (c.isEmpty() || c.equals(author) || out.contains(c) || !Names.isId(c)) {
                continue;
            }
            boolean known = Names.isHumanHandle(c) || registered.test(c);
            if (known && out.size() < cap) {
                out.add(c);
            } else if (written) {
                missed.putIfAbsent(c, known ? MentionMiss.OVER_CAP : MentionMiss.NOT_REGISTERED);
            }
        }
        List<MentionMiss> misses = new ArrayList<>();
        missed.forEach((handle, reason) -> misses.add(new MentionMiss(handle, reason)));
        return new Delivery(List.copyOf(out), misses);
    }

    /**
     * The tokens of a {@code refs} value: a text split on commas and white space, or a list's items stripped of
     * white space, white space being what Python's {@code \s} and {@code str.strip} take for it (the no-break and
     * ideographic spaces among others), as in the reference.
     *
     * @param refs a string, a list, or anything else
     * @return the non-empty tokens
     */
    public static List<String> refTokens(Object refs) {
        List<String> out = new ArrayList<>();
        if (refs instanceof String s) {
            for (String t : REF_SPLIT.split(s)) {
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        } else if (refs instanceof List<?> list) {
            for (Object o : list) {
                String t = o == null ? "" : PY_STRIP.matcher(String.valueOf(o)).replaceAll("");
                if (!t.isEmpty()) {
                    out.add(t);
                }
            }
        }
        return out;
    }

    private static String leaf(String ref) {
        int slash = ref.lastIndexOf('/');
        return slash < 0 ? ref : ref.substring(slash + 1);
    }
}
