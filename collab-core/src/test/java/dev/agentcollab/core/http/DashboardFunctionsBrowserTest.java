package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.net.URI;
import java.nio.file.Files;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard's own functions in headless Chromium, imported from the page the server serves: where baselines sit
 * in the leaderboard, how scores are written, and what the page does and says when the server does not answer. Runs whenever {@code /usr/bin/chromium} exists (CI installs it, see
 * .ci/run).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@Timeout(120)
class DashboardFunctionsBrowserTest extends DashboardPage {
    private LoopbackCollab env;

    @Override
    URI baseUri() {
        return env.server.baseUri();
    }

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isExecutable(HeadlessChromium.BINARY), "chromium is not installed");
        env = new LoopbackCollab(InMemoryBucketStore.create());
        browser = new HeadlessChromium();
        browser.navigate(baseUri());
        open("#/");
    }

    @AfterAll
    void stop() {
        if (browser != null) browser.close();
        if (env != null) env.close();
    }

    /** The leaderboard's order of rows {@code [score, baseline?]}, as "300 > B > A > 50" (baselines by name). */
    private String placed(boolean desc, String rows) throws Exception {
        return js("import('/dashboard/board.js').then((m) => m.placeRows(" + rows
                + ".map(([score, name]) => ({ score, baseline: !!name, name })), " + desc
                + ").map((r) => r.name || String(r.score)).join(' > '))");
    }

    /** A (possibly promised) value of a page expression as text. */
    private String js(String expression) throws Exception {
        return browser.eval(expression).asText("");
    }

    @Test
    void baselinesSitAmongRowsAndEachOtherByScore() throws Exception {
        // Ranked rows come in the server's order, then the baselines in the settings' order, then a negative.
        assertEquals("300 > B > A > 50 > null", placed(true, "[[300], [50], [100, 'A'], [200, 'B'], [null]]"));
        assertEquals("50 > A > B > 300 > null", placed(false, "[[50], [300], [200, 'B'], [100, 'A'], [null]]"));
        // A baseline ties after the rows with its score; baselines alone, or past every row, still in order.
        assertEquals("100 > A > 50", placed(true, "[[100], [50], [100, 'A']]"));
        assertEquals("B > A", placed(true, "[[100, 'A'], [200, 'B']]"));
        assertEquals("10 > B > A > null", placed(true, "[[10], [null], [1, 'A'], [2, 'B']]"));
    }

    @Test
    void smallScoresKeepTheirSignificantDigitsAndOrdinaryOnesLookAsBefore() throws Exception {
        String written = js("import('/dashboard/util.js').then((m) => [0.00001234, 0.00001, -0.00005, 0.000123456,"
                + " 0.001234, 0.012345, 0.12345, 0.5, 0, 42, 1234.56789].map((v) => m.num(v)).join(' '))");
        assertEquals("1.234e-5 1e-5 -5e-5 0.0001235 0.001234 0.01235 0.1235 0.5 0 42 1,234.5679", written);
    }

    @Test
    void aServerThatDoesNotAnswerGivesAnErrorWithACode() throws Exception {
        // The browser's fetch fails as it does when the server is stopped.
        String failed = js("import('/dashboard/util.js').then(async (m) => {"
                + " const real = window.fetch; window.fetch = () => Promise.reject(new TypeError('Failed to fetch'));"
                + " const said = [];"
                + " for (const call of [() => m.api('/v1/agents'), () => m.postJson('/v1/messages', {}),"
                + "   () => m.apiBytes('/v1/results/x')]) {"
                + "   try { await call(); said.push('answered'); } catch (e) { said.push(e.code + ': ' + e.message); }"
                + " }"
                + " window.fetch = real; return said.join(' | '); })");
        String said = "UNAVAILABLE: the server did not answer (Failed to fetch)";
        assertEquals(said + " | " + said + " | " + said, failed);
    }

    /** Makes every request of the page fail as it does when the server is stopped, and counts uncaught failures. */
    private void stopTheServerForThePage() throws Exception {
        eval("window.__realFetch = window.__realFetch || window.fetch;"
                + " window.fetch = () => Promise.reject(new TypeError('Failed to fetch'));"
                + " window.__uncaught = 0;"
                + " window.addEventListener('unhandledrejection', () => window.__uncaught++)");
    }

    private void startTheServerForThePage() throws Exception {
        eval("window.fetch = window.__realFetch");
    }

    @Test
    void signingOutWhileTheServerIsDownForgetsTheSessionHereAndSaysSo() throws Exception {
        signInAs("tok-bob", "human-bob");
        stopTheServerForThePage();
        try {
            eval("document.getElementById('signout').click()");
            awaitText("signed out on the page", "", "document.getElementById('who').textContent");
            awaitText(
                    "the page says the server was not told",
                    "Signed out on this page, but the server could not be told (UNAVAILABLE: the server did not"
                            + " answer (Failed to fetch)); the session may still be valid there.",
                    "document.getElementById('banner').textContent");
            assertTrue(visible("banner"));
            assertTrue(visible("signin-open"));
            assertEquals("0", text("window.__uncaught"));
        } finally {
            startTheServerForThePage();
        }
    }

    @Test
    void aBroadcastWhileTheServerIsDownSaysWhy() throws Exception {
        signInAs("tok-alice", "human-alice (organizer)");
        open("#/organizer");
        await("the broadcast form is shown", () -> visible("broadcast-form"));
        eval("document.getElementById('broadcast-body').value = 'GOAL: faster'");
        stopTheServerForThePage();
        try {
            eval("document.getElementById('broadcast-form').requestSubmit()");
            awaitText(
                    "the broadcast says why it failed",
                    "UNAVAILABLE: the server did not answer (Failed to fetch)",
                    "document.getElementById('broadcast-status').textContent");
            assertEquals("GOAL: faster", text("document.getElementById('broadcast-body').value"));
            assertEquals("0", text("window.__uncaught"));
        } finally {
            startTheServerForThePage();
        }
    }
}
