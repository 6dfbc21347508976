package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress redrawn in place on a terminal, and as a few whole lines elsewhere (an agent's tool, a log). */
class TerminalProgressBarTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void offATerminalAStagePrintsItsEndAndALineEveryTenSeconds() {
        FakeTicker ticker = new FakeTicker();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        TerminalProgressBar bar =
                TerminalProgressBar.forStream(new PrintStream(sink, true, StandardCharsets.UTF_8), ticker, false);

        bar.start("perplexity", 100);
        for (int done = 1; done <= 100; done++) {
            ticker.advance(SECOND / 4); // 25 s for the stage: a line at 10 s and 20 s, then its end
            bar.advance(done, "");
        }
        bar.finish();
        bar.start("accuracy", 2); // a fast stage: its end only
        bar.advance(1, "");
        bar.advance(2, "acc 0.500");
        bar.finish();

        String text = sink.toString(StandardCharsets.UTF_8);
        assertFalse(text.contains("\r"), text);
        List<String> lines = text.lines().toList();
        assertEquals(4, lines.size(), text);
        assertTrue(
                lines.get(0).startsWith("perplexity   [###########")
                        && lines.get(0).contains(" 40/100 "),
                text);
        assertTrue(lines.get(1).contains(" 80/100 "), text);
        assertEquals("perplexity   [############################] 100/100 100%", lines.get(2));
        assertEquals("accuracy     [############################] 2/2 100% acc 0.500", lines.get(3));
    }

    @Test
    void onATerminalTheBarIsRedrawnInPlace() {
        FakeTicker ticker = new FakeTicker();
        ByteArrayOutputStream sink = new ByteArrayOutputStream();
        TerminalProgressBar bar =
                TerminalProgressBar.forStream(new PrintStream(sink, true, StandardCharsets.UTF_8), ticker, true);

        bar.start("identity", 2);
        ticker.advance(SECOND);
        bar.advance(1, "");
        ticker.advance(SECOND);
        bar.advance(2, "identical");
        bar.finish();

        String text = sink.toString(StandardCharsets.UTF_8);
        assertEquals(3, text.chars().filter(c -> c == '\r').count(), text);
        assertTrue(text.endsWith("\ridentity     [############################] 2/2 100% identical\n"), text);
    }
}
