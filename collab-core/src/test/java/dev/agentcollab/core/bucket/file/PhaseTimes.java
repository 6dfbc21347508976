package dev.agentcollab.core.bucket.file;

import dev.agentcollab.api.bucket.BatchOp;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.bucket.resilience.ForwardingBucketStore;
import java.util.List;
import java.util.Locale;

/**
 * Where a raw post's time goes, for {@link WritePathBenchmark}: a store wrapper that adds the time of each batch
 * to the write being measured, apart for the central bucket and the audit bucket, and a table of the split. The
 * rest of a post's time is the service's own work (rate limits, registration check, JSON, the read model).
 */
final class PhaseTimes {
    private final long[] central;
    private final long[] audit;
    private volatile int current;

    PhaseTimes(int writes) {
        central = new long[writes];
        audit = new long[writes];
    }

    /** The store whose batches are timed. */
    BucketStore wrap(BucketStore store) {
        return new ForwardingBucketStore(store) {
            @Override
            public void apply(BucketId bucket, List<? extends BatchOp> ops) {
                long t = System.nanoTime();
                super.apply(bucket, ops);
                long took = System.nanoTime() - t;
                int i = current;
                if (i >= 0 && i < central.length) {
                    if (bucket.name().endsWith("-audit")) {
                        audit[i] += took;
                    } else {
                        central[i] += took;
                    }
                }
            }
        };
    }

    /**
     * Times {@code writes} posts of each kind, in alternating rounds after a warm-up round, and prints the table's
     * rows. The audit batch of a post written behind its answer runs on another thread after the answer, so only
     * the waited post's audit batch is shown.
     */
    void breakdown(int writes, WritePathBenchmark.Write waited, WritePathBenchmark.Write behind, Runnable settle)
            throws Exception {
        int round = central.length - writes;
        current = -1;
        for (int i = 0; i < round; i++) {
            waited.run(writes + i);
            behind.run(writes + i);
        }
        settle.run();
        long[][] answer = new long[2][writes];
        long[][] centralOf = new long[2][writes];
        long[][] auditOf = new long[2][writes];
        WritePathBenchmark.Write[] kinds = {waited, behind};
        for (int start = 0; start < writes; start += round) {
            for (int k = 0; k < 2; k++) {
                for (int i = start; i < Math.min(writes, start + round); i++) {
                    central[i] = 0;
                    audit[i] = 0;
                    current = i;
                    answer[k][i] = WritePathBenchmark.timed(kinds[k], i);
                    current = -1;
                    centralOf[k][i] = central[i];
                    auditOf[k][i] = audit[i];
                }
                settle.run();
            }
        }
        long[][] rest = new long[2][writes];
        for (int i = 0; i < writes; i++) {
            rest[0][i] = answer[0][i] - centralOf[0][i] - auditOf[0][i];
            rest[1][i] = answer[1][i] - centralOf[1][i];
        }
        print("the answer (the call returns)", answer[0], answer[1]);
        print("central batch (journal append + forced write, read model)", centralOf[0], centralOf[1]);
        System.out.printf(
                Locale.ROOT,
                "| audit batch (segment rewrite + forced write) | %.2f | after the answer |%n",
                WritePathBenchmark.percentile(auditOf[0], 50));
        print("the rest: service work outside the two batches", rest[0], rest[1]);
    }

    private static void print(String name, long[] waited, long[] behind) {
        System.out.printf(
                Locale.ROOT,
                "| %s | %.2f | %.2f |%n",
                name,
                WritePathBenchmark.percentile(waited, 50),
                WritePathBenchmark.percentile(behind, 50));
    }
}
