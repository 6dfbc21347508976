package dev.agentcollab.core.http.bench;

import java.net.URI;
import java.time.Duration;
import java.util.Locale;

/**
 * The clients of one {@link LoadBenchmark} scenario in a JVM of their own, so that their threads, selectors and
 * garbage do not share the server's heap. Runs the scenario against a server and prints one line,
 * {@code RESULT <requests> <errors> <seconds> <p50-ms> <p99-ms>}, preceded by one line
 * {@code REQ <sent-epoch-µs> <latency-ns>} per measured request and one line {@code PAUSE <start-epoch-µs>
 * <end-epoch-µs>} per garbage-collection pause of this JVM during the run ({@link TailReport}).
 *
 * <p>Usage: {@code LoadClients <base-uri> <scenario> <clients> <requests-per-client> <seconds> [<rate>
 * [<conditional> [<warmup>]]]}, the scenario being one of {@link LoadBenchmark.Scenario}'s names, the rate the total
 * requests/s (0 or absent: a closed loop) and conditional {@code true} for clients that send
 * {@code If-None-Match} and warmup the unrecorded requests per client sent before the clock starts; started by {@code LoadBenchmark --clients-jvm}.
 */
public final class LoadClients {
    private LoadClients() {}

    /**
     * Runs one scenario.
     *
     * @param args base URI, scenario, clients, requests per client, seconds
     */
    public static void main(String[] args) throws Exception {
        URI base = URI.create(args[0]);
        LoadBenchmark.Scenario scenario = LoadBenchmark.Scenario.valueOf(args[1]);
        int clients = Integer.parseInt(args[2]);
        int perClient = Integer.parseInt(args[3]);
        Duration limit = Duration.ofSeconds(Long.parseLong(args[4]));
        double rate = args.length > 5 ? Double.parseDouble(args[5]) : 0;
        boolean conditional = args.length > 6 && Boolean.parseBoolean(args[6]);
        int warmup = args.length > 7 ? Integer.parseInt(args[7]) : 0;
        LatencyRecorder rec = new LatencyRecorder();
        GcPauses pauses = GcPauses.watch();
        double seconds = Polling.run(
                rec,
                base,
                clients,
                perClient,
                limit,
                rate,
                conditional,
                warmup,
                i -> scenario.request(base, clients, i));
        Thread.sleep(200); // pause notifications arrive on a thread of their own
        pauses.close();
        StringBuilder lines = new StringBuilder();
        for (int i = 0; i < rec.count(); i++) {
            lines.append("REQ ")
                    .append(rec.sentEpochMicros(i))
                    .append(' ')
                    .append(rec.latencyNanos(i))
                    .append('\n');
        }
        for (GcPauses.Pause p : pauses.between(Long.MIN_VALUE, Long.MAX_VALUE)) {
            lines.append("PAUSE ")
                    .append(p.startMicros())
                    .append(' ')
                    .append(p.endMicros())
                    .append('\n');
        }
        System.out.print(lines);
        System.out.printf(
                Locale.ROOT,
                "RESULT %d %d %.3f %.3f %.3f%n",
                rec.count(),
                rec.errors(),
                seconds,
                rec.percentileMillis(50),
                rec.percentileMillis(99));
    }
}
