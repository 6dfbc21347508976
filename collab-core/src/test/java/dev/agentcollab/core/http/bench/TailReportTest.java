package dev.agentcollab.core.http.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** {@link TailReport}: which requests a pause held up, and the tail without the paused time. */
class TailReportTest {
    @Test
    void theSlowRequestsAPauseCoveredAreCountedAndTheirPausedTimeTakenOut() {
        // 100 requests of 10 ms sent 20 ms apart; request 50 took 200 ms, 150 of them inside a server pause
        int n = 100;
        long[] sent = new long[n];
        long[] latency = new long[n];
        for (int i = 0; i < n; i++) {
            sent[i] = 1_000_000 + i * 20_000L;
            latency[i] = 10_000_000L;
        }
        latency[50] = 200_000_000L;
        long pauseStart = sent[50] + 20_000;
        GcPauses.Pause pause = new GcPauses.Pause(pauseStart, pauseStart + 150_000, "Copy");
        // a pause of the clients' JVM during request 10 only, and one long before the run (ignored)
        GcPauses.Pause clients = new GcPauses.Pause(sent[10] + 2_000, sent[10] + 6_000, "clients");
        GcPauses.Pause before = new GcPauses.Pause(0, 10_000, "Copy");

        TailReport r = TailReport.of(sent, latency, List.of(before, pause), List.of(clients), 1);

        assertEquals(n, r.requests());
        assertEquals(List.of(pause), r.serverPauses());
        assertEquals(List.of(clients), r.clientPauses());
        // the slowest 1% is request 50 alone, and the pause covered most of it
        assertEquals(1, r.slow());
        assertEquals(1, r.slowTouched());
        assertEquals(1, r.slowMostlyPaused());
        // requests 50 to 58 were in flight during the pause (sent before its end, answered after its start)
        assertEquals(9, r.touched());
        // without its paused time request 50 took 50 ms, no longer above the others' 10 ms at p99
        assertEquals(10.0, r.p99Unpaused(), 0.01);
        assertEquals(10.0, r.p50Unpaused(), 0.01);
        assertEquals(10.0, r.p99Clear(), 0.01);
        assertEquals(List.of(1), r.bursts());
    }

    @Test
    void slowRequestsSentTogetherAreABurst() {
        // 1000 requests of 10 ms, 1 ms apart; 6 sent together at 100 ms and 4 at 800 ms took 500 ms
        int n = 1000;
        long[] sent = new long[n];
        long[] latency = new long[n];
        for (int i = 0; i < n; i++) {
            sent[i] = i * 1_000L;
            latency[i] = i >= 100 && i < 106 || i >= 800 && i < 804 ? 500_000_000L : 10_000_000L;
        }
        assertEquals(
                List.of(6, 4),
                TailReport.of(sent, latency, List.of(), List.of(), 2).bursts());
        assertEquals(
                List.of(6),
                TailReport.of(sent, latency, List.of(), List.of(), 5).bursts());
    }

    @Test
    void sendTimesAndLatenciesMustPair() {
        assertThrows(
                IllegalArgumentException.class, () -> TailReport.of(new long[2], new long[1], List.of(), List.of(), 1));
    }
}
