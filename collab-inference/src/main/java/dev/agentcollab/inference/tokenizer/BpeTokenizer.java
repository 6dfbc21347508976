package dev.agentcollab.inference.tokenizer;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.function.UnaryOperator;

/**
 * Byte-pair encoding as in HF {@code tokenizers} {@code "type": "BPE"} models with SentencePiece-style byte fallback
 * (Gemma's tokenizer): added tokens are matched first, the rest is normalized, pre-tokenized, split into code points
 * and merged by rank; symbols missing from the vocabulary become {@code <0xXX>} byte tokens (or the unknown token).
 * Added tokens are found with a trie and merges run on token ids with a primitive heap, so encoding takes time linear
 * in the text (times the longest added token and a log factor). Build one with {@link HfTokenizers#load}. Immutable
 * and thread safe.
 */
public final class BpeTokenizer implements Tokenizer {
    /**
     * A token from {@code added_tokens}, matched literally before normalization.
     *
     * @param content the text
     * @param id the id
     * @param special whether decoding may skip it
     * @param lstrip whether the whitespace before it is part of the match (not encoded)
     * @param rstrip whether the whitespace after it is part of the match (not encoded)
     */
    record AddedToken(String content, int id, boolean special, boolean lstrip, boolean rstrip) {
        AddedToken(String content, int id, boolean special) {
            this(content, id, special, false, false);
        }
    }

    private final Map<String, Integer> vocab;
    private final String[] pieces;
    private final MergeTable merges;
    private final boolean ignoreMerges;
    private final int unkId;
    /** Whether consecutive unknown code points become one unknown token (HF {@code fuse_unk}). */
    private final boolean fuseUnk;
    /** Ids of single-char pieces by char (BMP), -1 where the vocabulary has none. */
    private final int[] charIds = new int[Character.MAX_VALUE + 1];
    /** Ids of single-code-point pieces outside the BMP. */
    private final Map<Integer, Integer> supplementaryIds = new HashMap<>();
    /** Ids of the {@code <0xXX>} byte tokens, or null without byte fallback or when one is missing. */
    private final int[] byteIds;

    private final AddedTokenTrie added;
    private final boolean[] special;
    private final UnaryOperator<String> normalizer;
    private final PreTokenizer.Words preTokenizer;
    private final TokenDecoder decoder;

    BpeTokenizer(
            Map<String, Integer> vocab,
            List<String[]> merges,
            boolean byteFallback,
            boolean ignoreMerges,
            String unk,
            boolean fuseUnk,
            List<AddedToken> added,
            UnaryOperator<String> normalizer,
            PreTokenizer.Words preTokenizer,
            TokenDecoder decoder) {
        this.vocab = new HashMap<>(vocab);
        added.forEach(a -> this.vocab.putIfAbsent(a.content(), a.id()));
        int size =
                this.vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        this.pieces = new String[size];
        this.vocab.forEach((p, id) -> pieces[id] = p);
        Arrays.fill(charIds, -1);
        this.vocab.forEach((p, id) -> {
            if (p.length() == 1) {
                charIds[p.charAt(0)] = id;
            } else if (p.length() == 2 && p.codePointCount(0, 2) == 1) {
                supplementaryIds.put(p.codePointAt(0), id);
            }
        });
        this.merges = new MergeTable(merges.size());
        for (int r = 0; r < merges.size(); r++) {
            String[] m = merges.get(r);
            this.merges.put(vocabId(m[0], m), vocabId(m[1], m), r, vocabId(m[0] + m[1], m));
        }
        this.byteIds = byteFallback ? byteIds(this.vocab) : null;
        this.ignoreMerges = ignoreMerges;
        Integer unkIdOrNull = unk == null ? null : this.vocab.get(unk);
        this.unkId = unkIdOrNull == null ? -1 : unkIdOrNull;
        this.fuseUnk = fuseUnk;
        this.special = new boolean[size];
        added.forEach(a -> special[a.id()] = a.special());
        this.added = AddedTokenTrie.of(added);
        this.normalizer = Objects.requireNonNull(normalizer);
        this.preTokenizer = Objects.requireNonNull(preTokenizer);
        this.decoder = Objects.requireNonNull(decoder);
    }

    private int vocabId(String piece, String[] merge) {
        Integer id = vocab.get(piece);
        if (id == null) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "tokenizer merge \"" + merge[0] + " " + merge[1] + "\" uses \"" + piece
                            + "\", which is not in the vocabulary",
                    "every merge's parts and result must be vocabulary pieces, as HF tokenizers requires");
        }
        return id;
    }

    private static int[] byteIds(Map<String, Integer> vocab) {
        int[] ids = new int[256];
        for (int b = 0; b < 256; b++) {
            Integer id = vocab.get(String.format("<0x%02X>", b));
            if (id == null) {
                return null;
            }
            ids[b] = id;
        }
        return ids;
    }

    /**
     * {@inheritDoc}
     *
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} if the text has an unpaired surrogate, which has no
     *     UTF-8 encoding (Java strings can hold one; text decoded from UTF-8 cannot)
     */
    @Override
    public int[] encode(String text) {
        requireWellFormed(text);
        Scratch scratch = new Scratch();
        int segStart = 0;
        int i = 0;
        while (i < text.length()) {
            AddedToken match = added.longestAt(text, i);
            if (match == null) {
                i++;
                continue;
            }
            int segEnd = i;
            while (match.lstrip() && segEnd > segStart && isWhitespace(text.charAt(segEnd - 1))) {
                segEnd--;
            }
            encodeSegment(text.substring(segStart, segEnd), segStart == 0, scratch);
            scratch.emit(match.id());
            i += match.content().length();
            while (match.rstrip() && i < text.length() && isWhitespace(text.charAt(i))) {
                i++;
            }
            segStart = i;
        }
        encodeSegment(text.substring(segStart), segStart == 0, scratch);
        return Arrays.copyOf(scratch.out, scratch.size);
    }

    private static void requireWellFormed(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (!Character.isSurrogate(c)) {
                continue;
            }
            if (Character.isHighSurrogate(c) && i + 1 < text.length() && Character.isLowSurrogate(text.charAt(i + 1))) {
                i++;
                continue;
            }
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    String.format("text has an unpaired surrogate U+%04X at index %d", (int) c, i),
                    "pass well-formed UTF-16, e.g. replace lone surrogates with U+FFFD before encoding");
        }
    }

    /** Unicode White_Space, HF's (Rust's) notion of whitespace for added tokens' lstrip and rstrip. */
    private static boolean isWhitespace(char c) {
        return (c >= '\t' && c <= '\r')
                || c == ' '
                || c == '\u0085'
                || c == '\u00A0'
                || c == '\u1680'
                || (c >= '\u2000' && c <= '\u200A')
                || c == '\u2028'
                || c == '\u2029'
                || c == '\u202F'
                || c == '\u205F'
                || c == '\u3000';
    }

    private void encodeSegment(String segment, boolean atStart, Scratch scratch) {
        if (segment.isEmpty()) {
            return;
        }
        for (String word :
                preTokenizer.apply(normalizer.apply(segment), atStart).words()) {
            bpe(word, scratch);
        }
    }

    private void bpe(String word, Scratch s) {
        if (ignoreMerges) {
            Integer id = vocab.get(word);
            if (id != null) {
                s.emit(id);
                return;
            }
        }
        int n = initialSymbols(word, s);
        int[] sym = s.sym;
        int[] next = s.next;
        int[] prev = s.prev;
        for (int k = 0; k < n; k++) {
            next[k] = k + 1 < n ? k + 1 : -1;
            prev[k] = k - 1;
        }
        LongMinHeap queue = s.queue;
        queue.clear();
        for (int k = 0; k + 1 < n; k++) {
            offer(queue, sym, k, k + 1);
        }
        // entries are rank << 32 | left position: lowest rank first, then leftmost; stale ones are skipped
        while (!queue.isEmpty()) {
            long entry = queue.poll();
            int left = (int) entry;
            int right = sym[left] < 0 ? -1 : next[left];
            if (right < 0) {
                continue;
            }
            long merge = merges.lookup(sym[left], sym[right]);
            if (merge == MergeTable.NONE || (merge >>> 32) != (entry >>> 32)) {
                continue;
            }
            sym[left] = (int) merge;
            sym[right] = -1;
            next[left] = next[right];
            if (next[right] >= 0) {
                prev[next[right]] = left;
            }
            if (prev[left] >= 0) {
                offer(queue, sym, prev[left], left);
            }
            if (next[left] >= 0) {
                offer(queue, sym, left, next[left]);
            }
        }
        for (int k = 0; k >= 0 && k < n; k = next[k]) {
            s.emit(sym[k]);
        }
    }

    /** Fills {@code s.sym} with the word's code points as ids (byte tokens or unk for unknown ones); returns the count. */
    private int initialSymbols(String word, Scratch s) {
        s.ensure(word.length() * 3);
        int[] sym = s.sym;
        int n = 0;
        boolean afterUnk = false;
        for (int i = 0; i < word.length(); ) {
            int cp = word.codePointAt(i);
            int len = Character.charCount(cp);
            int id = len == 1 ? charIds[cp] : supplementaryIds.getOrDefault(cp, -1);
            boolean unknown = false;
            if (id >= 0) {
                sym[n++] = id;
            } else if (byteIds != null) {
                for (byte b : word.substring(i, i + len).getBytes(StandardCharsets.UTF_8)) {
                    sym[n++] = byteIds[b & 0xff];
                }
            } else if (unkId >= 0) {
                unknown = true;
                if (!(fuseUnk && afterUnk)) {
                    sym[n++] = unkId;
                }
            }
            afterUnk = unknown;
            i += len;
        }
        return n;
    }

    private void offer(LongMinHeap queue, int[] sym, int left, int right) {
        long merge = merges.lookup(sym[left], sym[right]);
        if (merge != MergeTable.NONE) {
            queue.add((merge & 0xffffffff00000000L) | left);
        }
    }

    /** Per-call working memory of {@link #encode}, reused across its words. */
    private static final class Scratch {
        final LongMinHeap queue = new LongMinHeap();
        int[] sym = new int[64];
        int[] next = new int[64];
        int[] prev = new int[64];
        int[] out = new int[64];
        int size;

        void ensure(int capacity) {
            if (sym.length < capacity) {
                sym = new int[capacity];
                next = new int[capacity];
                prev = new int[capacity];
            }
        }

        void emit(int id) {
            if (size == out.length) {
                out = Arrays.copyOf(out, size * 2);
            }
            out[size++] = id;
        }
    }

    /**
     * {@inheritDoc} Every kept token, special ones included, goes through the file's decoder chain, as in HF.
     */
    @Override
    public String decode(int[] ids, boolean skipSpecial) {
        List<String> tokens = new ArrayList<>(ids.length);
        for (int id : ids) {
            boolean known = id >= 0 && id < pieces.length && pieces[id] != null;
            if (known && !(special[id] && skipSpecial)) {
                tokens.add(pieces[id]);
            }
        }
        return decoder.decode(tokens);
    }

    @Override
    public int vocabSize() {
        return pieces.length;
    }

    @Override
    public OptionalInt id(String piece) {
        Integer id = vocab.get(piece);
        return id == null ? OptionalInt.empty() : OptionalInt.of(id);
    }

    @Override
    public String piece(int id) {
        if (id < 0 || id >= pieces.length || pieces[id] == null) {
            throw new IllegalArgumentException("token id outside the vocabulary: " + id);
        }
        return pieces[id];
    }
}
