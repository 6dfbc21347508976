package dev.agentcollab.core.service.board;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.agentcollab.core.service.internal.Document;
import dev.agentcollab.core.service.internal.FrontmatterCodec;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The board index reads a message's {@code channel}, {@code thread}, {@code type} and {@code via} keys exactly as a
 * full parse does, also when it skips parsing content that cannot hold them: quoted and escaped keys, keys in the
 * body only, malformed frontmatter, lists.
 */
class BoardIndexTest {
    private static final List<String> SAMPLES = List.of(
            "---\ntype: agent\n---\nplain progress\n",
            "---\nchannel: ops\n---\nin a channel\n",
            "---\n\"channel\": ops\nthread: 20260601-100000-000_agent-1.md\n---\nquoted key\n",
            "---\n\"ch\\x61nnel\": escaped\n---\nan escaped key\n",
            "---\n\"thr\\u0065ad\": 20260601-100000-000_agent-2.md\n---\nan escaped thread key\n",
            "---\ntype: agent\n---\nthis thread is about the channel: ops\n",
            "---\nchannel: [a, b]\n---\na list\n",
            "---\nchannel: ops\n  bad: [\n---\nmalformed frontmatter\n",
            "no frontmatter at all, channel: ops\n",
            "---\nChannel: ops\n---\nanother key\n",
            "---\ntype: organizer\nvia: raw\n---\na broadcast\n",
            "---\ntype: [a, b]\nvia: 3\n---\nodd values\n",
            "---\n\"t\\x79pe\": escaped\n\"v\\x69a\": promoted\n---\nescaped type and via keys\n",
            "---\nvia: \"quoted\"\n---\nno type at all\n");

    @Test
    void keysMatchAFullParse() {
        for (String text : SAMPLES) {
            Document doc = FrontmatterCodec.parseLenient(text);
            BoardIndex.Meta meta = BoardIndex.meta("h", text.getBytes(StandardCharsets.UTF_8));
            assertEquals(doc.text("channel"), meta.channel(), text);
            assertEquals(doc.text("thread"), meta.thread(), text);
            assertEquals(doc.str("type"), meta.type(), text);
            assertEquals(doc.str("via"), meta.via(), text);
        }
    }
}
