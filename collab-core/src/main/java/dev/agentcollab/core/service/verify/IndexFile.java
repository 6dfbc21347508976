package dev.agentcollab.core.service.verify;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.ListRequest;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The stored file of the verification index, parsed once per content: a read lists the one entry (its content hash,
 * O(log n) on {@code file:}) and parses the file only when the hash is one it has not parsed. The index grows by one
 * entry per result, so parsing it on every result read or promotion made those cost O(results) (25 ms at 20,000
 * entries); a human edit still shows on the next read, as its hash differs.
 *
 * <p>After its own write the file knows the bytes it wrote but not the hash the store gives them (a store's hash is
 * its own: SHA-256 on {@code file:} and {@code mem:}, Xet on {@code hf://}); the next read that meets an unknown hash
 * reads the bytes and, when they equal the bytes written, adopts the hash without parsing.
 *
 * <p>Not thread safe on its own: {@link VerificationIndex} calls it under its lock, except {@link #cached()}, which
 * any thread may call.
 */
final class IndexFile {
    private static final Logger LOG = LoggerFactory.getLogger(IndexFile.class);

    /**
     * A parsed content: its store hash ({@code null} until seen after an own write), bytes, entries, generation (a
     * number per content this file parsed or wrote, in order), and whether the bytes are {@link IndexSplice#render}
     * of the entries (true of every content this file wrote), so that the next write may splice them.
     */
    private record Snapshot(
            String hash, byte[] bytes, SortedMap<String, String> entries, long generation, boolean rendered) {}

    /** An own write: the generation it replaced, the one it made, and the one entry it set. */
    private record Step(long from, long to, String key) {}

    /** Own writes remembered for {@link #changedBetween}. */
    static final int MAX_STEPS = 256;

    private final BucketStore store;
    private final BucketId central;
    private final BucketPath path;
    private final Consumer<List<BatchOp>> writer;
    private volatile Snapshot snapshot;
    private final AtomicLong generations = new AtomicLong();
    private final ArrayDeque<Step> steps = new ArrayDeque<>();

    IndexFile(BucketStore store, BucketId central, String path, Consumer<List<BatchOp>> writer) {
        this.store = Objects.requireNonNull(store, "store");
        this.central = Objects.requireNonNull(central, "central");
        this.path = BucketPath.of(path);
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    /**
     * The content hash of the stored file.
     *
     * @return the hash, {@code ""} when there is no file, or empty when the store cannot be listed
     */
    Optional<String> fingerprint() {
        try {
            for (BucketEntry e : store.list(
                            central, ListRequest.under(path.value()).withPageSize(1))
                    .entries()) {
                if (e.path().equals(path)) {
                    return Optional.of(e.contentHash());
                }
            }
            return Optional.of("");
        } catch (RuntimeException e) {
            return Optional.empty();
        }
    }

    /**
     * The entries when the stored file's hash is the one last parsed or adopted; no read of the file.
     *
     * @return the unmodifiable entries, or empty when the caller must {@link #load()}
     */
    Optional<SortedMap<String, String>> cached() {
        Snapshot s = snapshot;
        if (s == null || s.hash() == null) {
            return Optional.empty();
        }
        Optional<String> hash = fingerprint();
        if (hash.isEmpty() || !hash.get().equals(s.hash())) {
            return Optional.empty();
        }
        return Optional.of(s.entries());
    }

    /**
     * The stored entries. Empty means "do not write": the file cannot be read or is not a JSON object; a missing file
     * is an empty map. Non-string values are kept as their JSON text.
     *
     * @return the unmodifiable entries, or empty
     */
    Optional<SortedMap<String, String>> load() {
        Snapshot s = snapshot;
        Optional<String> hash = fingerprint();
        if (hash.isPresent() && s != null && hash.get().equals(s.hash())) {
            return Optional.of(s.entries());
        }
        if (hash.isPresent() && hash.get().isEmpty()) {
            return Optional.of(Collections.emptySortedMap());
        }
        Optional<byte[]> raw;
        try {
            raw = store.read(central, path);
        } catch (RuntimeException e) {
            LOG.warn("verification index read failed", e);
            return Optional.empty();
        }
        if (raw.isEmpty()) {
            return Optional.of(Collections.emptySortedMap());
        }
        if (hash.isPresent()
                && s != null
                && s.hash() == null
                && Arrays.equals(raw.get(), s.bytes())
                && hash.equals(fingerprint())) {
            snapshot = new Snapshot(hash.get(), s.bytes(), s.entries(), s.generation(), s.rendered());
            return Optional.of(s.entries());
        }
        Optional<SortedMap<String, String>> parsed = parse(raw.get());
        if (parsed.isPresent() && hash.isPresent() && hash.equals(fingerprint())) {
            snapshot = new Snapshot(hash.get(), raw.get(), parsed.get(), generations.incrementAndGet(), false);
        }
        return parsed;
    }

    /**
     * Writes the entries, sorted with two-space indent and a trailing newline, and keeps them as the content written.
     * When {@code from} is the content this file last wrote, the one entry is spliced into those bytes instead of
     * rendering every entry again (O(bytes) copied, not O(entries) rendered).
     *
     * @param entries the whole index, a map no one changes afterwards
     * @param from the entries this write changed, as {@link #load()} returned them
     * @param key the one entry set
     */
    void write(SortedMap<String, String> entries, Map<String, String> from, String key) {
        write(entries, from, key, writer);
    }

    /**
     * {@link #write(SortedMap, Map, String)} through another writer (one that commits the file with more in its
     * batch); when it throws, nothing is remembered and the next read loads the file again.
     */
    void write(
            SortedMap<String, String> entries, Map<String, String> from, String key, Consumer<List<BatchOp>> writer) {
        Snapshot before = snapshot;
        byte[] bytes = before != null && before.rendered() && before.entries() == from
                ? IndexSplice.put(before.bytes(), key, entries.get(key)).orElseGet(() -> IndexSplice.render(entries))
                : IndexSplice.render(entries);
        long previous = generationOf(from);
        snapshot = null;
        writer.accept(List.of(BatchOp.put(path.value(), bytes)));
        long generation = generations.incrementAndGet();
        snapshot = new Snapshot(null, bytes, Collections.unmodifiableSortedMap(entries), generation, true);
        synchronized (steps) {
            steps.addLast(new Step(previous, generation, key));
            if (steps.size() > MAX_STEPS) {
                steps.removeFirst();
            }
        }
    }

    /**
     * The generation of entries this file returned, while they are its latest content.
     *
     * @param entries a map returned by {@link #cached()} or {@link #load()}
     * @return its generation, or {@code -1} when it is not the latest parsed or written content
     */
    long generationOf(Map<String, String> entries) {
        Snapshot s = snapshot;
        return s != null && s.entries() == entries ? s.generation() : -1;
    }

    /**
     * The entries set by this file's own writes from one generation to a later one, when every write in between was
     * one of them (and still remembered): then no other entry differs between the two contents.
     *
     * @param from the earlier generation
     * @param to the later generation
     * @return the keys set, or empty when another content (a human's edit, a file parsed again) came between
     */
    Optional<Set<String>> changedBetween(long from, long to) {
        if (from < 0 || to < 0) {
            return Optional.empty();
        }
        Set<String> keys = new HashSet<>();
        long at = to;
        synchronized (steps) {
            for (Iterator<Step> it = steps.descendingIterator(); it.hasNext() && at != from; ) {
                Step step = it.next();
                if (step.to() == at) {
                    keys.add(step.key());
                    at = step.from();
                }
            }
        }
        return at == from ? Optional.of(keys) : Optional.empty();
    }

    private static Optional<SortedMap<String, String>> parse(byte[] raw) {
        try {
            JsonNode node = Json.mapper().readTree(raw);
            if (node == null || !node.isObject()) {
                LOG.error("verification index is not a JSON object; refusing to overwrite it");
                return Optional.empty();
            }
            SortedMap<String, String> out = new TreeMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                out.put(
                        e.getKey(),
                        e.getValue().isTextual()
                                ? e.getValue().asText()
                                : e.getValue().toString());
            }
            return Optional.of(Collections.unmodifiableSortedMap(out));
        } catch (IOException e) {
            LOG.error("verification index is unparseable; refusing to overwrite it: " + e.getMessage());
            return Optional.empty();
        }
    }
}
