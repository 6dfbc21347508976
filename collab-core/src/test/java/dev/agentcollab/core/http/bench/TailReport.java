package dev.agentcollab.core.http.bench;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Whether a scenario's slowest requests are the ones a garbage-collection pause held up: lines the requests (send
 * time and latency, from the clients' JVM) up with the server's and the clients' own stop-the-world pauses during
 * the run. A pause holds a request up when it overlaps the interval from the request's send to its answer (with a
 * millisecond's slack, the pauses' resolution); the request's paused time is the length of those overlaps.
 *
 * <p>Three views of the tail: how many of the slowest 1% a server pause touched at all, and how many spent at least
 * half their latency inside pauses; the p50 and p99 of the requests no pause of either JVM touched; and the p50 and
 * p99 of every request's latency less its paused time. A tail made by pauses alone shrinks to the rest's shape in
 * the last two; a tail that stays there comes from elsewhere (the run queue of a loaded machine, a lock, a slow
 * path), including the queue a pause leaves behind it, which the paused time does not count.
 *
 * <p>And one view of its shape: the bursts among the slowest 1%, runs of at least {@code burst} of them sent within
 * {@value #BURST_GAP_MICROS} µs of the one before (many connections held up together: a pause holds up every
 * request in flight, a stalled connection selector every connection it watches).
 *
 * @param requests requests measured
 * @param serverPauses the server JVM's pauses during the run
 * @param clientPauses the clients' JVM's pauses during the run
 * @param slow requests slower than the run's p99 (its slowest 1%)
 * @param slowTouched of those, the ones a server pause overlapped
 * @param slowMostlyPaused of those, the ones that spent at least half their latency in pauses of either JVM
 * @param touched requests (all) a server pause overlapped
 * @param p50Clear p50 in ms of the requests no pause of either JVM overlapped
 * @param p99Clear p99 in ms of those
 * @param p50Unpaused p50 in ms of every request's latency less its paused time
 * @param p99Unpaused p99 in ms of that
 * @param bursts the sizes of the bursts among the slowest 1%, largest first
 */
record TailReport(
        int requests,
        List<GcPauses.Pause> serverPauses,
        List<GcPauses.Pause> clientPauses,
        int slow,
        int slowTouched,
        int slowMostlyPaused,
        int touched,
        double p50Clear,
        double p99Clear,
        double p50Unpaused,
        double p99Unpaused,
        List<Integer> bursts) {

    private static final long SLACK_MICROS = 1000;
    /** The most time between the sends of two slow requests of one burst. */
    static final long BURST_GAP_MICROS = 50_000;

    TailReport {
        serverPauses = List.copyOf(serverPauses);
        clientPauses = List.copyOf(clientPauses);
        bursts = List.copyOf(bursts);
        if (slowTouched > slow || slowMostlyPaused > slow || slow > requests || touched > requests) {
            throw new IllegalArgumentException("counts out of range");
        }
    }

    /**
     * Lines requests up with pauses.
     *
     * @param sentMicros each request's send time, microseconds since the epoch
     * @param latencyNanos each request's latency, in the same order
     * @param server the server JVM's pauses (any that overlap the run; others are ignored)
     * @param clients the clients' JVM's pauses
     * @param burst the fewest slow requests that make a burst
     */
    static TailReport of(
            long[] sentMicros,
            long[] latencyNanos,
            List<GcPauses.Pause> server,
            List<GcPauses.Pause> clients,
            int burst) {
        int n = sentMicros.length;
        if (latencyNanos.length != n) {
            throw new IllegalArgumentException(n + " send times for " + latencyNanos.length + " latencies");
        }
        long from = Long.MAX_VALUE;
        long to = Long.MIN_VALUE;
        for (int i = 0; i < n; i++) {
            from = Math.min(from, sentMicros[i]);
            to = Math.max(to, sentMicros[i] + latencyNanos[i] / 1000);
        }
        List<GcPauses.Pause> inServer = within(server, from, to);
        List<GcPauses.Pause> inClients = within(clients, from, to);
        List<GcPauses.Pause> both = new ArrayList<>(inServer);
        both.addAll(inClients);
        double p99 = LatencyRecorder.percentileMillis(latencyNanos.clone(), 99);
        int slow = 0;
        int slowTouched = 0;
        int slowMostlyPaused = 0;
        int touched = 0;
        long[] clear = new long[n];
        int clearCount = 0;
        long[] unpaused = new long[n];
        List<Long> slowSent = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            long start = sentMicros[i];
            long end = start + latencyNanos[i] / 1000;
            long byServer = pausedMicros(inServer, start, end);
            long byEither = pausedMicros(both, start, end);
            if (byServer > 0) {
                touched++;
            }
            if (latencyNanos[i] / 1e6 > p99) {
                slow++;
                slowSent.add(start);
                slowTouched += byServer > 0 ? 1 : 0;
                slowMostlyPaused += 2 * byEither * 1000 >= latencyNanos[i] ? 1 : 0;
            }
            if (byEither == 0) {
                clear[clearCount++] = latencyNanos[i];
            }
            unpaused[i] = Math.max(0, latencyNanos[i] - byEither * 1000);
        }
        long[] clearLatencies = Arrays.copyOf(clear, clearCount);
        return new TailReport(
                n,
                inServer,
                inClients,
                slow,
                slowTouched,
                slowMostlyPaused,
                touched,
                LatencyRecorder.percentileMillis(clearLatencies.clone(), 50),
                LatencyRecorder.percentileMillis(clearLatencies, 99),
                LatencyRecorder.percentileMillis(unpaused.clone(), 50),
                LatencyRecorder.percentileMillis(unpaused, 99),
                bursts(slowSent, burst));
    }

    /** Runs of at least {@code burst} send times each within the gap of the one before, largest first. */
    private static List<Integer> bursts(List<Long> sent, int burst) {
        List<Long> sorted = sent.stream().sorted().toList();
        List<Integer> sizes = new ArrayList<>();
        int run = 0;
        for (int i = 0; i < sorted.size(); i++) {
            if (i > 0 && sorted.get(i) - sorted.get(i - 1) > BURST_GAP_MICROS) {
                sizes.add(run);
                run = 0;
            }
            run++;
        }
        sizes.add(run);
        return sizes.stream()
                .filter(k -> k >= Math.max(1, burst))
                .sorted(java.util.Comparator.reverseOrder())
                .toList();
    }

    private static List<GcPauses.Pause> within(List<GcPauses.Pause> pauses, long from, long to) {
        List<GcPauses.Pause> in = new ArrayList<>();
        for (GcPauses.Pause p : pauses) {
            if (p.overlaps(from, to)) {
                in.add(p);
            }
        }
        return in;
    }

    /**
     * How much of {@code [start, end]} the pauses cover (a pause widened by the slack on both sides counts as
     * touching; pauses of two JVMs may overlap each other and are then counted twice, an upper bound).
     */
    private static long pausedMicros(List<GcPauses.Pause> pauses, long start, long end) {
        long paused = 0;
        for (GcPauses.Pause p : pauses) {
            if (p.overlaps(start - SLACK_MICROS, end + SLACK_MICROS)) {
                paused += Math.max(1, Math.min(end, p.endMicros()) - Math.max(start, p.startMicros()));
            }
        }
        return Math.min(paused, end - start);
    }

    /** The header of {@link #row}'s table. */
    static String header() {
        return "| scenario | server pauses: n / total / median / longest ms | clients' JVM pauses: n / total ms"
                + " | requests a server pause touched | slowest 1%: n / touched by a server pause / half or more"
                + " paused | no pause touched: p50 / p99 ms (p99/p50) | latency less paused time: p50 / p99 ms"
                + " (p99/p50) | slowest 1% in bursts (sizes) |\n"
                + "|---|---:|---:|---:|---:|---:|---:|---|";
    }

    /** This report as a row of {@link #header()}'s table. */
    String row(String scenario) {
        double[] ms = serverPauses.stream()
                .mapToDouble(GcPauses.Pause::millis)
                .sorted()
                .toArray();
        return String.format(
                Locale.ROOT,
                "| %s | %d / %.0f / %.0f / %.0f | %d / %.0f | %d (%.1f%%) | %d / %d / %d | %.1f / %.1f (%.1f)"
                        + " | %.1f / %.1f (%.1f) | %d (%s) |",
                scenario,
                ms.length,
                Arrays.stream(ms).sum(),
                ms.length == 0 ? 0.0 : ms[(ms.length - 1) / 2],
                ms.length == 0 ? 0.0 : ms[ms.length - 1],
                clientPauses.size(),
                clientPauses.stream().mapToDouble(GcPauses.Pause::millis).sum(),
                touched,
                requests == 0 ? 0.0 : 100.0 * touched / requests,
                slow,
                slowTouched,
                slowMostlyPaused,
                p50Clear,
                p99Clear,
                p99Clear / p50Clear,
                p50Unpaused,
                p99Unpaused,
                p99Unpaused / p50Unpaused,
                bursts.stream().mapToInt(Integer::intValue).sum(),
                bursts.stream().map(String::valueOf).collect(java.util.stream.Collectors.joining(", ")));
    }
}
