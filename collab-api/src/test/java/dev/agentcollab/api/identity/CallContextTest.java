package dev.agentcollab.api.identity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Optional;
import org.junit.jupiter.api.Test;

class CallContextTest {

    @Test
    void parsesBearerHeadersLikeTheReference() {
        assertEquals(Optional.of("tok"), CallContext.parseAuthorization("Bearer tok"));
        assertEquals(Optional.of("tok"), CallContext.parseAuthorization("bEaReR   tok "));
        assertEquals(Optional.empty(), CallContext.parseAuthorization("Basic tok"));
        assertEquals(Optional.empty(), CallContext.parseAuthorization("Bearer"));
        assertEquals(Optional.empty(), CallContext.parseAuthorization("Bearer   "));
        assertEquals(Optional.empty(), CallContext.parseAuthorization(null));
        assertEquals(Optional.empty(), CallContext.ofToken("  ").bearer());
    }
}
