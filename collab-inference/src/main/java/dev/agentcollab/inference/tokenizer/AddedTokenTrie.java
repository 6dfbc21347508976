package dev.agentcollab.inference.tokenizer;

import java.util.Arrays;
import java.util.List;
import java.util.TreeMap;

/**
 * The added tokens of a tokenizer in a character trie: {@link #longestAt} finds the longest token starting at a
 * position by walking at most as many nodes as the longest token has characters, however many tokens share a prefix
 * (Gemma has 6,322 starting with {@code <}). Immutable once built.
 */
final class AddedTokenTrie {
    private final char[] keys;
    private final AddedTokenTrie[] children;
    private final BpeTokenizer.AddedToken token;

    private AddedTokenTrie(char[] keys, AddedTokenTrie[] children, BpeTokenizer.AddedToken token) {
        this.keys = keys;
        this.children = children;
        this.token = token;
    }

    /**
     * Builds the trie; of tokens with the same content the first one listed wins, and empty ones are ignored.
     *
     * @param tokens the added tokens
     * @return the trie
     */
    static AddedTokenTrie of(List<BpeTokenizer.AddedToken> tokens) {
        Builder root = new Builder();
        for (BpeTokenizer.AddedToken t : tokens) {
            Builder node = root;
            for (int i = 0; i < t.content().length(); i++) {
                node = node.children.computeIfAbsent(t.content().charAt(i), c -> new Builder());
            }
            if (node != root && node.token == null) {
                node.token = t;
            }
        }
        return root.build();
    }

    /**
     * The longest added token that {@code text} contains at {@code at}.
     *
     * @param text the text
     * @param at the start index
     * @return the token, or null
     */
    BpeTokenizer.AddedToken longestAt(String text, int at) {
        BpeTokenizer.AddedToken best = null;
        AddedTokenTrie node = this;
        for (int i = at; i < text.length(); i++) {
            int k = Arrays.binarySearch(node.keys, text.charAt(i));
            if (k < 0) {
                break;
            }
            node = node.children[k];
            if (node.token != null) {
                best = node.token;
            }
        }
        return best;
    }

    private static final class Builder {
        private final TreeMap<Character, Builder> children = new TreeMap<>();
        private BpeTokenizer.AddedToken token;

        AddedTokenTrie build() {
            char[] keys = new char[children.size()];
            AddedTokenTrie[] kids = new AddedTokenTrie[children.size()];
            int i = 0;
            for (var e : children.entrySet()) {
                keys[i] = e.getKey();
                kids[i++] = e.getValue().build();
            }
            return new AddedTokenTrie(keys, kids, token);
        }
    }
}
