package dev.agentcollab.inference.tokenizer;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalInt;
import java.util.PriorityQueue;
import java.util.function.Function;
import java.util.function.UnaryOperator;

/**
 * Byte-pair encoding as in HF {@code tokenizers} {@code "type": "BPE"} models with SentencePiece-style byte fallback
 * (Gemma's tokenizer): added tokens are matched first, the rest is normalized, pre-tokenized, split into code points
 * and merged by rank; symbols missing from the vocabulary become {@code <0xXX>} byte tokens (or the unknown token).
 * Build one with {@link HfTokenizers#load}. Immutable and thread safe.
 */
public final class BpeTokenizer implements Tokenizer {
    /** A token from {@code added_tokens}, matched literally before normalization. */
    record AddedToken(String content, int id, boolean special) {}

    /** Decoder behaviour parsed from the {@code decoder} section. */
    record Decoding(String metaspace, boolean byteFallback, int stripLeadingSpaces) {}

    private final Map<String, Integer> vocab;
    private final String[] pieces;
    private final Map<String, Integer> mergeRanks;
    private final boolean byteFallback;
    private final boolean ignoreMerges;
    private final Integer unkId;
    private final Map<Integer, List<AddedToken>> addedByFirstChar = new HashMap<>();
    private final boolean[] special;
    private final UnaryOperator<String> normalizer;
    private final Function<String, List<String>> preTokenizer;
    private final Decoding decoding;

    BpeTokenizer(
            Map<String, Integer> vocab,
            List<String[]> merges,
            boolean byteFallback,
            boolean ignoreMerges,
            String unk,
            List<AddedToken> added,
            UnaryOperator<String> normalizer,
            Function<String, List<String>> preTokenizer,
            Decoding decoding) {
        this.vocab = new HashMap<>(vocab);
        added.forEach(a -> this.vocab.putIfAbsent(a.content(), a.id()));
        int size =
                this.vocab.values().stream().mapToInt(Integer::intValue).max().orElse(-1) + 1;
        this.pieces = new String[size];
        this.vocab.forEach((p, id) -> pieces[id] = p);
        this.mergeRanks = new HashMap<>();
        for (int r = 0; r < merges.size(); r++) {
            mergeRanks.putIfAbsent(pairKey(merges.get(r)[0], merges.get(r)[1]), r);
        }
        this.byteFallback = byteFallback;
        this.ignoreMerges = ignoreMerges;
        this.unkId = unk == null ? null : this.vocab.get(unk);
        this.special = new boolean[size];
        List<AddedToken> sorted = new ArrayList<>(added);
        sorted.sort(
                Comparator.comparingInt((AddedToken a) -> a.content().length()).reversed());
        for (AddedToken a : sorted) {
            if (!a.content().isEmpty()) {
                addedByFirstChar
                        .computeIfAbsent(a.content().codePointAt(0), k -> new ArrayList<>())
                        .add(a);
            }
            special[a.id()] = a.special();
        }
        this.normalizer = Objects.requireNonNull(normalizer);
        this.preTokenizer = Objects.requireNonNull(preTokenizer);
        this.decoding = Objects.requireNonNull(decoding);
    }

    @Override
    public int[] encode(String text) {
        List<Integer> ids = new ArrayList<>();
        int segStart = 0;
        int i = 0;
        while (i < text.length()) {
            AddedToken match = matchAdded(text, i);
            if (match == null) {
                i += Character.charCount(text.codePointAt(i));
                continue;
            }
            encodeSegment(text.substring(segStart, i), ids);
            ids.add(match.id());
            i += match.content().length();
            segStart = i;
        }
        encodeSegment(text.substring(segStart), ids);
        return ids.stream().mapToInt(Integer::intValue).toArray();
    }

    private AddedToken matchAdded(String text, int at) {
        List<AddedToken> candidates = addedByFirstChar.get(text.codePointAt(at));
        if (candidates != null) {
            for (AddedToken a : candidates) {
                if (text.startsWith(a.content(), at)) {
                    return a;
                }
            }
        }
        return null;
    }

    private void encodeSegment(String segment, List<Integer> out) {
        if (segment.isEmpty()) {
            return;
        }
        for (String word : preTokenizer.apply(normalizer.apply(segment))) {
            bpe(word, out);
        }
    }

    private void bpe(String word, List<Integer> out) {
        if (ignoreMerges && vocab.containsKey(word)) {
            out.add(vocab.get(word));
            return;
        }
        List<String> symbols = new ArrayList<>();
        word.codePoints().forEach(cp -> symbols.add(new String(Character.toChars(cp))));
        int n = symbols.size();
        String[] sym = symbols.toArray(String[]::new);
        int[] next = new int[n];
        int[] prev = new int[n];
        for (int k = 0; k < n; k++) {
            next[k] = k + 1 < n ? k + 1 : -1;
            prev[k] = k - 1;
        }
        // candidates: {rank, left index}; stale entries are skipped when popped
        PriorityQueue<long[]> queue =
                new PriorityQueue<>(Comparator.<long[]>comparingLong(c -> c[0]).thenComparingLong(c -> c[1]));
        for (int k = 0; k + 1 < n; k++) {
            offer(queue, sym, k, k + 1);
        }
        while (!queue.isEmpty()) {
            long[] c = queue.poll();
            int left = (int) c[1];
            int right = sym[left] == null ? -1 : next[left];
            if (right < 0 || sym[right] == null) {
                continue;
            }
            Integer rank = mergeRanks.get(pairKey(sym[left], sym[right]));
            if (rank == null || rank != c[0] || (int) c[2] != sym[left].length() + sym[right].length()) {
                continue;
            }
            sym[left] = sym[left] + sym[right];
            sym[right] = null;
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
            emit(sym[k], out);
        }
    }

    private void offer(PriorityQueue<long[]> queue, String[] sym, int left, int right) {
        Integer rank = mergeRanks.get(pairKey(sym[left], sym[right]));
        if (rank != null) {
            queue.add(new long[] {rank, left, sym[left].length() + sym[right].length()});
        }
    }

    private void emit(String symbol, List<Integer> out) {
        Integer id = vocab.get(symbol);
        if (id != null) {
            out.add(id);
            return;
        }
        if (byteFallback) {
            for (byte b : symbol.getBytes(StandardCharsets.UTF_8)) {
                Integer byteId = vocab.get(String.format("<0x%02X>", b & 0xff));
                if (byteId != null) {
                    out.add(byteId);
                } else if (unkId != null) {
                    out.add(unkId);
                }
            }
        } else if (unkId != null) {
            out.add(unkId);
        }
    }

    @Override
    public String decode(int[] ids, boolean skipSpecial) {
        StringBuilder sb = new StringBuilder();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        for (int id : ids) {
            String p = piece(id);
            if (special[id] && skipSpecial) {
                continue;
            }
            if (decoding.byteFallback() && p.length() == 6 && p.startsWith("<0x") && p.endsWith(">")) {
                bytes.write(Integer.parseInt(p.substring(3, 5), 16));
                continue;
            }
            flush(bytes, sb);
            sb.append(decoding.metaspace() == null || special[id] ? p : p.replace(decoding.metaspace(), " "));
        }
        flush(bytes, sb);
        int strip = 0;
        while (strip < decoding.stripLeadingSpaces() && strip < sb.length() && sb.charAt(strip) == ' ') {
            strip++;
        }
        return sb.substring(strip);
    }

    private static void flush(ByteArrayOutputStream bytes, StringBuilder sb) {
        if (bytes.size() > 0) {
            sb.append(bytes.toString(StandardCharsets.UTF_8));
            bytes.reset();
        }
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

    private static String pairKey(String a, String b) {
        return a + '\u0000' + b;
    }
}
