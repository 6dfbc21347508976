package dev.agentcollab.core.service.internal;

import com.fasterxml.jackson.core.type.TypeReference;
import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketEntry;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Start-up recovery of the audit log (docs/storage-design.md §3): every transaction record left in
 * {@code .collab/txn/} belongs to a committed write whose audit row may be missing (the process stopped between
 * the commit and the append). Rows already present are recognised by their {@code txn}; the missing ones are
 * appended from the record, with an empty {@code caller_ip} and {@code user_agent} (never stored in the central
 * bucket) and {@code "recovered": true}; then the records are deleted in one batch. Running it twice appends
 * nothing twice. Call before the service takes requests.
 */
public final class AuditRecovery {
    private static final Logger LOG = LoggerFactory.getLogger(AuditRecovery.class);

    private final ReadModel reads;
    private final AuditLog audit;

    /**
     * Creates the recovery.
     *
     * @param reads the read model of the central bucket
     * @param audit the audit log
     */
    public AuditRecovery(ReadModel reads, AuditLog audit) {
        this.reads = Objects.requireNonNull(reads, "reads");
        this.audit = Objects.requireNonNull(audit, "audit");
    }

    /** What a recovery did. */
    public record Report(int records, int recovered) {}

    /**
     * Recovers missing rows and removes the transaction records.
     *
     * @return how many records were found and how many rows were appended
     */
    public Report run() {
        List<BucketEntry> entries = reads.store().listAll(reads.bucket(), WriteCommit.TXN_PREFIX);
        if (entries.isEmpty()) {
            return new Report(0, 0);
        }
        List<Map<String, Object>> rows = new ArrayList<>();
        Set<String> months = new LinkedHashSet<>();
        int stale = 0;
        for (BucketEntry e : entries) {
            Optional<byte[]> bytes = reads.read(e.path().value());
            if (bytes.isPresent()
                    && primary(bytes.get()).filter(p -> !reads.exists(p)).isPresent()) {
                stale++; // its write was applied only in part, without its file: the request failed, no row
                continue;
            }
            bytes.flatMap(AuditRecovery::parse).ifPresent(row -> {
                rows.add(row);
                Instant ts = Instant.parse(String.valueOf(row.get("ts")));
                months.add(AuditLog.month(ts));
                months.add(AuditLog.month(ts.plus(Duration.ofHours(1))));
            });
        }
        Set<String> present = new HashSet<>();
        for (String month : months) {
            for (String line : audit.lines(month)) {
                txnOf(line).ifPresent(present::add);
            }
        }
        List<Map<String, Object>> missing = new ArrayList<>();
        for (Map<String, Object> row : rows) {
            if (!present.contains(String.valueOf(row.get("txn")))) {
                Map<String, Object> full = new LinkedHashMap<>(row);
                full.put("caller_ip", "");
                full.put("user_agent", "");
                full.put("recovered", true);
                missing.add(full);
            }
        }
        if (!missing.isEmpty() && !audit.appendRows(missing)) {
            LOG.warn("audit recovery could not append its rows; keeping the records");
            return new Report(entries.size(), 0);
        }
        reads.apply(entries.stream()
                .map(e -> (BatchOp) new BatchOp.Delete(e.path()))
                .toList());
        LOG.info("audit recovery: " + entries.size() + " transaction record(s) settled, " + missing.size()
                + " row(s) of writes committed just before a stop appended, " + stale
                + " record(s) of writes applied only in part dropped");
        return new Report(entries.size(), missing.size());
    }

    /** The file a transaction record's write stands for ({@link WriteCommit#primary}), when it names one. */
    private static Optional<String> primary(byte[] bytes) {
        try {
            var n = Json.mapper().readTree(bytes);
            return n.hasNonNull("primary") ? Optional.of(n.get("primary").asText()) : Optional.empty();
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    private static java.util.Optional<Map<String, Object>> parse(byte[] bytes) {
        try {
            Map<String, Object> record = Json.mapper().readValue(bytes, new TypeReference<Map<String, Object>>() {});
            if (record.get("audit") instanceof Map<?, ?> m && m.get("txn") != null && m.get("ts") != null) {
                Map<String, Object> row = new LinkedHashMap<>();
                m.forEach((k, v) -> row.put(String.valueOf(k), v));
                return java.util.Optional.of(row);
            }
        } catch (IOException | RuntimeException e) {
            LOG.warn("unreadable transaction record skipped", e);
        }
        return java.util.Optional.empty();
    }

    private static java.util.Optional<String> txnOf(String line) {
        if (!line.contains("\"txn\"")) {
            return java.util.Optional.empty();
        }
        try {
            Object txn = Json.mapper()
                    .readValue(line, new TypeReference<Map<String, Object>>() {})
                    .get("txn");
            return java.util.Optional.ofNullable(txn).map(String::valueOf);
        } catch (IOException e) {
            return java.util.Optional.empty();
        }
    }
}
