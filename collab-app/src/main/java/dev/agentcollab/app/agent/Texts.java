package dev.agentcollab.app.agent;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.query.Page;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.UnaryOperator;

/** The human forms of API records shared by several commands. Stateless. */
final class Texts {
    private Texts() {}

    /**
     * Prints a message: a header line (filename, author, type, channel, reply) and the body indented.
     *
     * @param out where to print
     * @param m the message
     */
    static void message(PrintWriter out, MessageRecord m) {
        Map<String, Object> fm = m.frontmatter();
        StringBuilder head = new StringBuilder(m.filename());
        append(head, "from", fm.get("agent"));
        append(head, "type", fm.get("type"));
        append(head, "channel", fm.get("channel"));
        append(head, "reply to", fm.get("parent"));
        if (Boolean.TRUE.equals(fm.get("broadcast"))) {
            head.append("  [broadcast]");
        }
        out.println(head);
        for (String line : m.body().strip().split("\n", -1)) {
            out.println("    " + line);
        }
    }

    /**
     * A score or guardrail for a table: four significant digits ({@code 41.50}, {@code 0.1234}), but every integer
     * digit of large values ({@code 21988.1}, where {@code %.4g} printed {@code 2.199e+04}); an exponent only below
     * 0.001 or from 10^15 on.
     *
     * @param x the value
     * @return its text
     */
    static String number(double x) {
        double a = Math.abs(x);
        if (a >= 1e4 && a < 1e15) {
            return String.format(Locale.ROOT, "%.1f", x);
        }
        return String.format(Locale.ROOT, "%.4g", x);
    }

    /**
     * A text for one line of a listing: itself when it has at most {@code max} characters, else its first
     * {@code max - 1} and "…". Counted in characters (code points), so a cut never splits an emoji into halves, which
     * print as "?".
     *
     * @param text the text
     * @param max the most characters shown, at least 1
     * @return the text, shortened where needed
     */
    static String shortened(String text, int max) {
        if (text.codePointCount(0, text.length()) <= max) {
            return text;
        }
        return text.substring(0, text.offsetByCodePoints(0, max - 1)) + "…";
    }

    private static void append(StringBuilder b, String label, Object value) {
        if (value != null && !String.valueOf(value).isBlank()) {
            b.append("  ").append(label).append(' ').append(value);
        }
    }

    /**
     * Prints a page of messages and, when the limit cut it, the cursor for the next one.
     *
     * @param out where to print
     * @param page the page
     * @param what what the page holds, e.g. {@code inbox of agent-1}
     * @param nextPage what the page's {@code next} cursor tells the reader to run for more, e.g.
     *     {@link ListOptions#nextPage}
     */
    static void messages(PrintWriter out, Page<MessageRecord> page, String what, UnaryOperator<String> nextPage) {
        if (page.items().isEmpty()) {
            out.println("no messages (" + what + ", " + page.matched() + " matched)");
            return;
        }
        for (MessageRecord m : page.items()) {
            message(out, m);
        }
        out.println(page.items().size() + " of " + page.matched() + " matched (" + what + ")"
                + page.next().map(n -> "; " + nextPage.apply(n)).orElse(""));
    }

    /**
     * Joins a list for display.
     *
     * @param items the items
     * @return {@code a, b} or {@code -}
     */
    static String list(List<String> items) {
        return items.isEmpty() ? "-" : String.join(", ", items);
    }
}
