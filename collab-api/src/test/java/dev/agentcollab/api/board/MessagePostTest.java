package dev.agentcollab.api.board;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class MessagePostTest {
    private static final Optional<String> NONE = Optional.empty();

    @Test
    void acceptsExactlyOneVariant() {
        MessagePost p = MessagePost.raw("agent-1", "hi")
                .withRefs("a.md")
                .inChannel("ops")
                .replyTo("x.md");
        assertEquals(Optional.of("ops"), p.channel());
        assertEquals(Optional.of("x.md"), p.parent());
        assertTrue(
                MessagePost.fromSource("hf://buckets/o/s-a/x.md").asBroadcast().broadcast());
        CollabException both = assertThrows(
                CollabException.class,
                () -> new MessagePost(
                        Optional.of("s"), Optional.of("a"), Optional.of("b"), NONE, NONE, false, NONE, NONE));
        assertEquals(ErrorCode.INVALID_REQUEST, both.code());
        assertEquals("provide exactly one of `source` or `body`+`agent_id`", both.getMessage());
        CollabException half = assertThrows(
                CollabException.class,
                () -> new MessagePost(NONE, Optional.of("a"), NONE, NONE, NONE, false, NONE, NONE));
        assertEquals("raw variant requires both `agent_id` and `body`", half.getMessage());
        assertThrows(CollabException.class, () -> new MessagePost(null, null, null, null, null, false, null, null));
    }
}
