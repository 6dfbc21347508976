package dev.agentcollab.app.token;

import dev.agentcollab.core.service.identity.TokenFile;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Edits of a token file's text that keep everything else as written (comments, order, style): one entry added at
 * the end of the {@code tokens} mapping in the indentation of its entries, or the entries of a token removed. Each
 * result is read back with {@link TokenFile#parse} and must hold exactly the rows before plus or minus the edited
 * ones; otherwise the edit is refused and the file is left to be changed by hand. Stateless.
 */
final class TokenFileEdits {
    private static final Pattern TOKENS_KEY = Pattern.compile("tokens:\\s*(#.*)?");
    private static final Pattern ENTRY_KEY = Pattern.compile("(\\s+)([\"']?)(\\S+?)\\2\\s*:.*");

    /** The head of a token file this edit starts. */
    private static final String FRESH =
            "# Bearer tokens of this collaboration (identity.kind: static): token -> {user, org,"
                    + " role}.\n# Keep this file private. Add one per person running agents:\n"
                    + "#   collab token --config <the collaboration's collab.yaml> add --user <name>\n"
                    + "tokens:\n";

    private TokenFileEdits() {}

    /**
     * The text with one more entry, {@code <token>: {user: <user>, role: <role>}}.
     *
     * @param yaml the token file's text, blank when there is no file yet
     * @param source the file's name, for messages
     * @param org the collaboration's organisation (the entries' default)
     * @param token the new token
     * @param user its user
     * @param role its role
     * @return the new text
     * @throws IllegalArgumentException when the file or the entry is not valid, or the mapping is written in a style
     *     this edit does not take (inline)
     */
    static String add(String yaml, String source, String org, String token, String user, String role) {
        // the user name and role are checked before they are written: a name holding YAML (a comma, a colon, a
        // brace) would otherwise read back as other keys and be refused for what it became, not for what it is
        TokenFile.Entry entry = new TokenFile.Entry(token, user, org, role);
        boolean fresh = yaml.isBlank(); // no file yet: the first entry starts one
        String base = fresh ? FRESH : yaml;
        List<TokenFile.Entry> before = fresh ? List.of() : TokenFile.parse(yaml, source, Optional.of(org));
        List<String> lines = lines(base);
        int key = tokensLine(lines, source);
        String indent = "  ";
        for (int i = key + 1; i < lines.size(); i++) {
            Matcher m = ENTRY_KEY.matcher(lines.get(i));
            if (m.matches() && !lines.get(i).strip().startsWith("#")) {
                indent = m.group(1);
                break;
            }
        }
        StringBuilder out = new StringBuilder(base);
        if (!base.endsWith("\n")) {
            out.append('\n');
        }
        out.append(indent)
                .append(token)
                .append(": {user: ")
                .append(user)
                .append(", role: ")
                .append(role)
                .append("}\n");
        String after = out.toString();
        List<TokenFile.Entry> rows = TokenFile.parse(after, source, Optional.of(org));
        List<TokenFile.Entry> expected = new ArrayList<>(before);
        expected.add(entry);
        if (!rows.equals(expected)) {
            throw new IllegalArgumentException(
                    source + ": the new entry would not read back as written; add it by hand under 'tokens:'");
        }
        return after;
    }

    /**
     * How the file spells a user: user names are case-insensitive (one organisation and role per user, {@link
     * TokenFile}), so a new token of {@code Ada} where the file has {@code ada} is written as {@code ada}, and every
     * token of the person proves the same name (the one their agents are registered to).
     *
     * @param yaml the token file's text, blank when there is no file yet
     * @param source the file's name, for messages
     * @param org the collaboration's organisation (the entries' default)
     * @param user the user name as given
     * @return the file's spelling of the user, or {@code user} when the file has none
     */
    static String spelling(String yaml, String source, String org, String user) {
        if (yaml.isBlank()) {
            return user;
        }
        return TokenFile.parse(yaml, source, Optional.of(org)).stream()
                .map(TokenFile.Entry::user)
                .filter(u -> u.equalsIgnoreCase(user))
                .findFirst()
                .orElse(user);
    }

    /**
     * The text without the entries of some tokens (each entry's line and the lines indented under it).
     *
     * @param yaml the token file's text
     * @param source the file's name, for messages
     * @param org the collaboration's organisation (the entries' default)
     * @param tokens the tokens to remove, each present in the file
     * @return the new text
     * @throws IllegalArgumentException when the file is not valid or an entry cannot be removed line by line
     */
    static String remove(String yaml, String source, String org, List<String> tokens) {
        List<TokenFile.Entry> before = TokenFile.parse(yaml, source, Optional.of(org));
        List<String> lines = new ArrayList<>(lines(yaml));
        int key = tokensLine(lines, source);
        for (String token : tokens) {
            boolean found = false;
            for (int i = key + 1; i < lines.size() && !found; i++) {
                Matcher m = ENTRY_KEY.matcher(lines.get(i));
                if (m.matches() && m.group(3).equals(token)) {
                    int depth = m.group(1).length();
                    lines.remove(i);
                    // a block entry's user/org/role lines are indented under it; a blank line ends it
                    while (i < lines.size() && !lines.get(i).isBlank() && indent(lines.get(i)) > depth) {
                        lines.remove(i);
                    }
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException(
                        source + ": a token to remove is not on a line of its own; remove it by hand");
            }
        }
        String after = String.join("\n", lines) + (yaml.endsWith("\n") ? "\n" : "");
        List<TokenFile.Entry> rows = TokenFile.parse(after, source, Optional.of(org));
        List<TokenFile.Entry> expected = new ArrayList<>(before);
        expected.removeIf(e -> tokens.contains(e.token()));
        if (!rows.equals(expected)) {
            throw new IllegalArgumentException(
                    source + ": removing the lines would change other entries; remove it by hand");
        }
        return after;
    }

    private static List<String> lines(String yaml) {
        List<String> lines = new ArrayList<>(List.of(yaml.split("\n", -1)));
        if (yaml.endsWith("\n")) {
            lines.removeLast();
        }
        return lines;
    }

    private static int tokensLine(List<String> lines, String source) {
        for (int i = 0; i < lines.size(); i++) {
            if (TOKENS_KEY.matcher(lines.get(i)).matches()) {
                return i;
            }
        }
        throw new IllegalArgumentException(
                source + ": the 'tokens:' mapping is written inline or indented; edit the file by hand");
    }

    private static int indent(String line) {
        int n = 0;
        while (n < line.length() && Character.isWhitespace(line.charAt(n))) {
            n++;
        }
        return n;
    }
}
