package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class FrontmatterCodecTest {

    @Test
    void serialisesInOrderWithBlankLineBeforeBody() {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("type", "agent");
        fm.put("refs", List.of("a.md", "b.md"));
        fm.put("timestamp", "2026-06-01 10:00 UTC");
        fm.put("flag", "yes");
        fm.put("count", "12");
        assertEquals(
                "---\ntype: agent\nrefs:\n- a.md\n- b.md\ntimestamp: 2026-06-01 10:00 UTC\nflag: \"yes\"\ncount: \"12\"\n---\n\nhello\n",
                FrontmatterCodec.serialize(fm, "hello"));
        assertEquals("---\nk: v\n---\n", FrontmatterCodec.serialize(Map.of("k", "v"), ""));
        assertEquals("---\nk: v\n---\n\nx\n", FrontmatterCodec.serialize(Map.of("k", "v"), "\nx\n"));
    }

    @Test
    void roundTripsThroughParse() {
        Map<String, Object> fm = new LinkedHashMap<>();
        fm.put("agent", "agent-1");
        fm.put("broadcast", true);
        fm.put("note", "ünïcode ✓");
        Document d = FrontmatterCodec.parse(FrontmatterCodec.serialize(fm, "body line\n"));
        assertEquals(fm, d.frontmatter());
        assertEquals("body line\n", d.body());
    }

    @Test
    void parsesTheReferenceEdgeCases() {
        assertEquals(Map.of(), FrontmatterCodec.parse("no frontmatter").frontmatter());
        assertEquals("---\n---\nbody", FrontmatterCodec.parse("---\n---\nbody").body());
        assertEquals(
                "---\nk: v\nno close",
                FrontmatterCodec.parse("---\nk: v\nno close").body());
        Document yaml11 =
                FrontmatterCodec.parse("---\na: yes\nb: off\nc: 2026-06-25\nd: 2026-06-01 10:00 UTC\n---\nx\n");
        assertEquals(Boolean.TRUE, yaml11.frontmatter().get("a"));
        assertEquals(Boolean.FALSE, yaml11.frontmatter().get("b"));
        assertEquals("2026-06-25", String.valueOf(yaml11.frontmatter().get("c")));
        assertEquals("2026-06-01 10:00 UTC", yaml11.frontmatter().get("d"));
        assertEquals("x\n", yaml11.body());
    }

    @Test
    void rejectsNonMappingsAndBrokenYamlButReadsLeniently() {
        CollabException notMap = assertThrows(CollabException.class, () -> FrontmatterCodec.parse("---\n- a\n---\nx"));
        assertEquals(ErrorCode.INVALID_FRONTMATTER, notMap.code());
        assertEquals("frontmatter must be a mapping", notMap.getMessage());
        CollabException broken =
                assertThrows(CollabException.class, () -> FrontmatterCodec.parse("---\na: [x\n---\nx"));
        assertTrue(broken.getMessage().startsWith("could not parse YAML frontmatter: "));
        Document lenient = FrontmatterCodec.parseLenient("---\na: [x\n---\nx");
        assertTrue(lenient.parseError().isPresent());
        assertEquals("---\na: [x\n---\nx", lenient.body());
    }
}
