package dev.agentcollab.hf;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import dev.agentcollab.testkit.time.MutableClock;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** Xet tokens are renewed 30 s before they expire and when the CAS rejects them, as the spec asks. */
class XetTokensTest {
    private final MutableClock clock = MutableClock.at("2026-06-01T10:00:00Z");
    private final AtomicInteger fetched = new AtomicInteger();
    private final XetTokens tokens = XetTokens.of(this::fetch, clock);

    private XetWriteToken fetch() {
        int n = fetched.incrementAndGet();
        return new XetWriteToken(
                "t" + n, URI.create("http://cas"), clock.instant().plus(Duration.ofMinutes(2)));
    }

    @Test
    void aTokenIsKeptUntilThirtySecondsBeforeItExpires() {
        XetWriteToken first = tokens.current();
        clock.advance(Duration.ofSeconds(89));
        assertSame(first, tokens.current());
        clock.advance(Duration.ofSeconds(1));
        assertEquals("t2", tokens.current().accessToken(), "30 s before exp it is renewed");
        assertEquals(2, fetched.get());
    }

    @Test
    void aRejectedTokenIsRenewedOnceEvenWhenSeveralCallersReportIt() {
        XetWriteToken first = tokens.current();
        XetWriteToken second = tokens.rejected(first);
        assertEquals("t2", second.accessToken());
        assertSame(second, tokens.rejected(first), "another caller's report of the same token fetches nothing");
        assertEquals(2, fetched.get());
    }

    @Test
    void aFixedTokenOrOneWithoutExpiryIsNeverRenewedByTime() {
        XetWriteToken noExp = new XetWriteToken("x", URI.create("http://cas"), Instant.EPOCH);
        XetTokens fixed = XetTokens.fixed(noExp);
        clock.advance(Duration.ofDays(1));
        assertSame(noExp, fixed.current());
    }
}
