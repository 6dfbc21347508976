package dev.agentcollab.core.service.internal;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketListing;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.ListRequest;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.time.InstantSource;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;

/**
 * Where the audit log's rows are stored, so that the cost of a row does not grow with the month. Rows of one
 * month live in segment files of the audit bucket:
 *
 * <pre>
 * audit/{YYYYMM}.jsonl                                   legacy: one file per month (still read)
 * audit/{YYYYMM}/{YYYYMMDD'T'HHmmss}-{writer}-{n}.jsonl  one segment of one writer: at most 512 rows, 120 KiB
 *                                                        or 10 minutes
 * </pre>
 *
 * A writer (one per audit log instance, {@code writer} being 8 random hex digits, {@code n} its segment counter)
 * keeps its open segment in memory and rewrites it whole at each group commit; buckets have no append (the Hub's
 * objects cannot be appended to), so a row costs at most one segment's rewrite, never the month's. A failed write
 * leaves the segment as it was. Writers never share a segment, so processes need no common lock. The reader merges
 * the legacy file and the segments in name order (time, then writer) and skips a repeated {@code txn}. Not thread
 * safe: the audit log calls it under its writer lock.
 */
final class AuditSegments {
    /** Rows per segment before a new one is opened. */
    static final int MAX_ROWS = 512;

    /**
     * Bytes per segment before a new one is opened (unless the segment is empty): small enough that a
     * {@code file:} store carries the whole segment in its journal record instead of forcing a file per row.
     */
    static final int MAX_BYTES = 120 * 1024;

    /** Age of a segment after which a new one is opened. */
    static final Duration MAX_AGE = Duration.ofMinutes(10);

    /**
     * How long after its opening a segment may hold rows: it is appended to for {@link #MAX_AGE} at most, and a
     * row's {@code ts} is no later than its append; the rest allows for its writer's clock running ahead of ours.
     */
    static final Duration ROWS_WITHIN = MAX_AGE.multipliedBy(2);

    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd'T'HHmmss").withZone(ZoneOffset.UTC);

    private final BucketStore store;
    private final BucketId bucket;
    private final InstantSource clock;
    private final String writer;
    private long counter;
    private Open open;

    private record Open(String month, BucketPath path, String text, int rows, int bytes, Instant opened) {}

    AuditSegments(BucketStore store, BucketId bucket, InstantSource clock, String writer) {
        this.store = Objects.requireNonNull(store, "store");
        this.bucket = Objects.requireNonNull(bucket, "bucket");
        this.clock = Objects.requireNonNull(clock, "clock");
        this.writer = Objects.requireNonNull(writer, "writer");
    }

    /**
     * Appends rows of one month durably, or throws and leaves the stored rows as they were.
     *
     * @param month {@code YYYYMM}
     * @param lines the rows, each ending with a line break
     * @param rows how many rows {@code lines} holds
     */
    void append(String month, String lines, int rows) {
        Instant now = clock.instant();
        int bytes = lines.getBytes(StandardCharsets.UTF_8).length;
        Open o = open;
        if (o == null
                || !o.month().equals(month)
                || o.rows() + rows > MAX_ROWS
                || (o.rows() > 0 && o.bytes() + bytes > MAX_BYTES)
                || Duration.between(o.opened(), now).compareTo(MAX_AGE) >= 0) {
            counter++;
            BucketPath path = BucketPath.of("audit/" + month + "/" + STAMP.format(now) + "-" + writer + "-"
                    + String.format("%06d", counter) + ".jsonl");
            o = new Open(month, path, "", 0, 0, now);
        }
        String text = o.text() + lines;
        store.put(bucket, o.path(), text.getBytes(StandardCharsets.UTF_8));
        open = new Open(month, o.path(), text, o.rows() + rows, o.bytes() + bytes, o.opened());
    }

    /**
     * The rows of one month: the legacy file's, then each segment's in name order, without repeated transactions.
     *
     * @param month {@code YYYYMM}
     * @return the raw lines
     */
    List<String> lines(String month) {
        if (!store.exists(bucket)) {
            return List.of();
        }
        List<String> out = new ArrayList<>();
        Set<String> txns = new HashSet<>();
        store.readString(bucket, BucketPath.of("audit/" + month + ".jsonl")).ifPresent(t -> add(t, out, txns));
        for (BucketEntry segment : store.listAll(bucket, "audit/" + month + "/")) {
            store.readString(bucket, segment.path()).ifPresent(t -> add(t, out, txns));
        }
        return out;
    }

    /**
     * The files of one month, newest rows first: each with an instant that every row in it is older than (a
     * segment's opening, from its name, plus {@link #ROWS_WITHIN}; the legacy file's and a file not named as a
     * segment's is the month's end), sorted by that instant, latest first.
     *
     * @param month {@code YYYYMM}
     * @return the files
     */
    List<AuditLog.Part> parts(String month) {
        if (!store.exists(bucket)) {
            return List.of();
        }
        String base = "audit/" + month;
        Instant monthEnd =
                AuditLog.monthStart(month).atZone(ZoneOffset.UTC).plusMonths(1).toInstant();
        List<AuditLog.Part> parts = new ArrayList<>();
        for (BucketEntry e : store.listAll(bucket, base)) {
            String rest = e.path().value().substring(base.length());
            if (rest.equals(".jsonl")) {
                parts.add(new AuditLog.Part(e.path(), monthEnd));
            } else if (rest.startsWith("/")) {
                Instant bound = opened(rest.substring(1))
                        .map(t -> t.plus(ROWS_WITHIN))
                        .filter(t -> t.isBefore(monthEnd))
                        .orElse(monthEnd);
                parts.add(new AuditLog.Part(e.path(), bound));
            }
        }
        parts.sort(Comparator.comparing(AuditLog.Part::rowsBefore)
                .thenComparing(p -> p.path().value())
                .reversed());
        return parts;
    }

    /**
     * The rows of one file of {@link #parts}, without repeated transactions within it.
     *
     * @param part the file
     * @return the raw lines; none when it is gone
     */
    List<String> lines(AuditLog.Part part) {
        List<String> out = new ArrayList<>();
        store.readString(bucket, part.path()).ifPresent(t -> add(t, out, new HashSet<>()));
        return out;
    }

    /** When a segment named {@code <stamp>-<writer>-<n>.jsonl} was opened; empty for another name. */
    private static Optional<Instant> opened(String name) {
        if (name.length() < 15 || name.indexOf('/') >= 0) {
            return Optional.empty();
        }
        try {
            return Optional.of(LocalDateTime.parse(name.substring(0, 15), STAMP).toInstant(ZoneOffset.UTC));
        } catch (DateTimeParseException e) {
            return Optional.empty();
        }
    }

    /**
     * The oldest month with a legacy file or segments, found by listing the first few entries of the log only.
     *
     * @return the {@code YYYYMM} month, empty when the log has none
     */
    Optional<String> oldestMonth() {
        if (!store.exists(bucket)) {
            return Optional.empty();
        }
        ListRequest request = new ListRequest("audit/", Optional.empty(), 16);
        while (true) {
            BucketListing page = store.list(bucket, request);
            for (BucketEntry e : page.entries()) {
                Optional<String> month = monthOf(e);
                if (month.isPresent()) {
                    return month;
                }
            }
            if (page.nextPageToken().isEmpty()) {
                return Optional.empty();
            }
            request = request.next(page.nextPageToken().get());
        }
    }

    /**
     * The months with a legacy file or segments, oldest first.
     *
     * @return the {@code YYYYMM} months
     */
    List<String> months() {
        if (!store.exists(bucket)) {
            return List.of();
        }
        TreeSet<String> months = new TreeSet<>();
        for (BucketEntry e : store.listAll(bucket, "audit/")) {
            monthOf(e).ifPresent(months::add);
        }
        return List.copyOf(months);
    }

    /** The month of a legacy file or a segment; empty for another file under {@code audit/}. */
    private static Optional<String> monthOf(BucketEntry e) {
        String rest = e.path().value().substring("audit/".length());
        String month = rest.length() >= 6 ? rest.substring(0, 6) : "";
        boolean file = rest.equals(month + ".jsonl") || rest.startsWith(month + "/");
        return month.chars().allMatch(Character::isDigit) && month.length() == 6 && file
                ? Optional.of(month)
                : Optional.empty();
    }

    private static void add(String text, List<String> out, Set<String> txns) {
        for (String line : text.split("\n")) {
            if (line.isBlank()) {
                continue;
            }
            if (line.contains("\"txn\"")) {
                try {
                    JsonNode txn = Json.mapper().readTree(line).get("txn");
                    if (txn != null && !txns.add(txn.asText())) {
                        continue; // the same write's row, appended twice (recovery after a crash)
                    }
                } catch (IOException unparsable) {
                    // keep the line as it is
                }
            }
            out.add(line);
        }
    }
}
