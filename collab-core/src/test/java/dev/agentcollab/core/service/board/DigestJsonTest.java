package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.board.Digest;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.core.json.Json;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The digest's wire shape through the shared mapper: contributed sections sit at the top level. */
class DigestJsonTest {

    @Test
    void flattensSectionsIntoTheReferenceShape() throws Exception {
        Map<String, Object> sections = new LinkedHashMap<>();
        sections.put("leaderboard", List.of(Map.of("rank", 1)));
        sections.put("stats", null);
        Digest d = new Digest(
                new Digest.Newest(1, List.of("agent-1")),
                new Digest.Newest(0, List.of()),
                List.of(new MessageRecord("f.md", Map.of("agent", "agent-1"), "hi\n")),
                Optional.empty(),
                sections,
                "2026-06-01T10:00:00.000Z");
        JsonNode json = Json.mapper().readTree(Json.mapper().writeValueAsString(d));
        List<String> keys = new ArrayList<>();
        json.fieldNames().forEachRemaining(keys::add);
        assertEquals(
                List.of("agents", "taskforces", "recent_messages", "inbox", "generated_at", "leaderboard", "stats"),
                keys);
        assertEquals(1, json.get("leaderboard").get(0).get("rank").asInt());
        assertEquals(
                "agent-1",
                json.get("recent_messages")
                        .get(0)
                        .get("frontmatter")
                        .get("agent")
                        .asText());
        assertEquals(true, json.get("inbox").isNull());
    }
}
