package dev.agentcollab.api.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.job.spi.JobSpec;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class JobSpecTest {
    private static JobSpec withLabels(Map<String, String> labels) {
        return new JobSpec("img", List.of("true"), "cpu-basic", Duration.ofMinutes(1), labels, List.of());
    }

    @Test
    void labelsFollowTheHubsCharacterSet() {
        withLabels(Map.of("agent_id", "agent-1", "result", "r.v1_x"));
        for (Map<String, String> bad : List.of(
                Map.of("result", "a=b"),
                Map.of("k", ""),
                Map.of("k", "x".repeat(101)),
                Map.of("bad key", "v"),
                Map.of("k", "héllo"))) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> withLabels(bad));
            assertTrue(e.getMessage().contains("label"), e.getMessage());
        }
    }

    @Test
    void labelValueMakesAnyTextValid() {
        assertEquals("20260601-a-b.md", JobSpec.labelValue("20260601-a=b.md"));
        assertEquals("-", JobSpec.labelValue(""));
        assertEquals(100, JobSpec.labelValue("x".repeat(150)).length());
        withLabels(Map.of("k", JobSpec.labelValue("anything / at all = ok")));
    }
}
