package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.awt.Color;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * The dashboard over a board longer than the pages it polls, in headless Chromium against a real server on
 * loopback: an agent quiet for the newest 100 messages still has its messages, last activity and results on the
 * agents views; the chat pages back with "Load older messages"; a reply goes into its parent's thread and channel
 * whatever the "to channel" box held, and the box gets its value back; a session that ended elsewhere signs the page
 * out with a plain message; run files open as text, as images or as a download; long words wrap on the agent page
 * and in the jobs table; the tab icon is served; a missing result is not asked for again on every poll; the longest
 * channel and agent names keep the page within a phone's width; a right-to-left paragraph reads right to left.
 * Screenshots go to {@code target/screenshots/}. Runs whenever {@code /usr/bin/chromium} exists.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class DashboardHistoryBrowserTest extends DashboardPage {
    private static final Path SHOTS = Path.of("target", "screenshots");
    private static final String LONG_WORD = "x".repeat(400);
    private static final int BULK = 110;
    /** agent-a's five, the bulk, the two last ones of the seed, and the one the first test posts. */
    private static final int ALL_MESSAGES = 5 + BULK + 2 + 1;

    private MutableClock clock;
    private LoopbackCollab env;

    @Override
    URI baseUri() {
        return env.server.baseUri();
    }

    private CollabClient alice;
    private CollabClient bob;
    private String result;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isExecutable(HeadlessChromium.BINARY), "chromium is not installed");
        clock = MutableClock.at("2026-06-01T09:00:00Z");
        DashboardSettings settings =
                DashboardSettings.custom().pollInterval(Duration.ofSeconds(1)).build();
        CollabConfig config = CollabConfig.custom(LoopbackCollab.ORG, LoopbackCollab.SLUG)
                .listingTtl(Duration.ZERO)
                .rawMessagePerMinute(10_000)
                .rawMessagePerHour(10_000)
                .build();
        env = new LoopbackCollab(InMemoryBucketStore.create(), config, clock, 0, settings);
        alice = env.client("tok-alice");
        bob = env.client("tok-bob");
        env.scratchBucket("agent-a", "alice");
        env.scratchBucket("agent-b", "bob");
        alice.agents().register(RegisterRequest.of("agent-a", "gemma-4", "claude-code", List.of()));
        bob.agents().register(RegisterRequest.of("agent-b", "gpt", "codex", List.of()));
        seed();
        browser = new HeadlessChromium();
        browser.viewport(1400, 1000, false);
    }

    /**
     * agent-a posts 5 messages and a result, then agent-b posts more than a page of messages; last come a message
     * in no channel and one in #infra.
     */
    private void seed() throws Exception {
        for (int i = 0; i < 4; i++) {
            alice.board().post(MessagePost.raw("agent-a", "early note " + i));
            tick();
        }
        alice.board().post(MessagePost.raw("agent-a", "a long word " + LONG_WORD));
        tick();
        result = alice.results()
                .promote(env.writeSource(
                        "agent-a",
                        "results/r1.md",
                        "---\nscore: 10\nmethod: mtp\nstatus: agent-run\ndescription: d\nlossy: false\n---\nbody\n"))
                .filename();
        tick();
        for (int i = 0; i < BULK; i++) {
            bob.board().post(MessagePost.raw("agent-b", "bulk " + i));
            tick();
        }
        bob.board().post(MessagePost.raw("agent-b", "root without a channel"));
        tick();
        bob.board().post(MessagePost.raw("agent-b", "infra note").inChannel("infra"));
        tick();
        String folder = "verification_runs/" + result + "/";
        audit(folder + "verification_request.json", "{\"requested_at\":\"2026-06-02T08:00:00.000Z\"}".getBytes(UTF8));
        audit(
                folder + "job_status.json",
                ("{\"status\":\"completed\",\"stage\":\"COMPLETED\",\"job_id\":\"verify-" + "j".repeat(60)
                                + "\",\"launched_at\":\"2026-06-02T08:00:01.000Z\","
                                + "\"finished_at\":\"2026-06-02T08:02:31.000Z\",\"message\":\"done\"}")
                        .getBytes(UTF8));
        audit(folder + "job_logs.txt", "re-ran the benchmark\n".getBytes(UTF8));
        audit(folder + "chart.png", png());
        audit(folder + "weights.bin", new byte[] {0, 1, 2, (byte) 0xff, 0, 7, 8, 9});
    }

    private static final java.nio.charset.Charset UTF8 = StandardCharsets.UTF_8;

    private static byte[] png() throws Exception {
        BufferedImage img = new BufferedImage(120, 60, BufferedImage.TYPE_INT_RGB);
        java.awt.Graphics2D g = img.createGraphics();
        g.setColor(Color.WHITE);
        g.fillRect(0, 0, 120, 60);
        g.setColor(Color.BLUE);
        g.fillRect(10, 20, 100, 20);
        g.dispose();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private void audit(String path, byte[] bytes) {
        env.store.put(env.service.config().auditBucket(), BucketPath.of(path), bytes);
    }

    private void tick() {
        clock.advance(Duration.ofMinutes(1));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {browser, alice, bob, env}) {
            try {
                if (c != null) {
                    c.close();
                }
            } catch (Exception ignored) {
                // best effort
            }
        }
    }

    @Test
    @Order(1)
    void anAgentQuietForTheNewestHundredMessagesKeepsItsMessagesActivityAndResults() throws Exception {
        open("#/agents/agent-a");
        awaitText("agent-a's five messages are listed", "5", "document.querySelectorAll('#agent-messages li').length");
        assertTrue(text("document.getElementById('agent-messages').innerText").contains("early note 0"));
        assertFalse(text("document.getElementById('view-agents').innerText").contains("No messages yet"));
        assertTrue(text("document.getElementById('view-agents').innerText").contains("mtp"), "its result is listed");
        // A long unbroken word wraps inside the list instead of running past the card.
        assertEquals(
                "true",
                text("Array.from(document.querySelectorAll('#agent-messages li'))"
                        + ".every(li => li.scrollWidth <= li.clientWidth + 1)"));
        screenshots("agent-history");

        open("#/agents");
        awaitText(
                "agent-a's last activity and result count come from the API",
                "true",
                "(() => { const tr = Array.from(document.querySelectorAll('table.agents tbody tr'))"
                        + ".find(r => r.innerText.includes('agent-a'));"
                        + " return !!tr && tr.cells[5].textContent !== '' && tr.cells[6].textContent === '1'; })()");

        // Polls ask again only for an agent that wrote since: none while nobody writes, then agent-b's two asks.
        eval("window.__asked = []; const f = window.fetch;"
                + " window.fetch = (u, o) => { if (String(u).includes('agent=')) window.__asked.push(String(u));"
                + " return f(u, o); }; 0");
        Thread.sleep(2500);
        assertEquals("0", text("window.__asked.length"), "nobody wrote: " + text("window.__asked.join(' ')"));
        bob.board().post(MessagePost.raw("agent-b", "one more"));
        awaitText("agent-b is asked again", "2", "window.__asked.length");
        Thread.sleep(1500);
        assertEquals("2", text("window.__asked.length"), text("window.__asked.join(' ')"));
        assertTrue(text("window.__asked.join(' ')").contains("agent=agent-b"));
    }

    @Test
    @Order(2)
    void theChatLoadsOlderMessagesPageByPage() throws Exception {
        open("#/");
        await("the chat shows the newest messages", () -> text("document.getElementById('messages').innerText")
                .contains("infra note"));
        assertEquals("100", text("document.querySelectorAll('#messages li.msg').length"));
        assertFalse(text("document.getElementById('messages').innerText").contains("early note 0"));
        awaitText("older messages can be loaded", "true", "!!document.getElementById('load-older')");
        eval("document.getElementById('load-older').click()");
        awaitText(
                "the older page joins the list",
                String.valueOf(ALL_MESSAGES),
                "document.querySelectorAll('#messages li.msg').length");
        assertTrue(text("document.getElementById('messages').innerText").contains("early note 0"));
        assertEquals("false", text("!!document.getElementById('load-older')"), "nothing older is left");
        Thread.sleep(2500); // polls keep the older messages
        assertEquals(String.valueOf(ALL_MESSAGES), text("document.querySelectorAll('#messages li.msg').length"));
    }

    @Test
    @Order(3)
    void aReplyGoesIntoItsParentsThreadAndChannelWhateverTheBoxHeld() throws Exception {
        open("#/");
        await("the chat shows the message in no channel", () -> text("document.getElementById('messages').innerText")
                .contains("root without a channel"));
        signInWithToken("tok-bob");
        awaitText("bob is signed in", "human-bob", "document.getElementById('who').textContent");
        typeInto("compose-channel", "infra");
        String root = "Array.from(document.querySelectorAll('#messages li.msg'))"
                + ".find(li => li.innerText.includes('root without a channel'))";
        eval(root + ".querySelector('button[data-action=reply]').click()");
        String context = text("document.getElementById('compose-context').innerText");
        assertTrue(context.contains("Replying to agent-b") && context.contains("in no channel"), context);
        assertTrue(context.contains("root without a channel"), context);
        assertEquals("", text("document.getElementById('compose-channel').value"));
        assertEquals("true", text("document.getElementById('compose-channel').disabled"));
        typeInto("body", "a reply in the thread");
        eval("document.getElementById('post').click()");
        await(
                "the reply appears in the thread",
                () -> text("Array.from(document.querySelectorAll('#messages li.reply')).map(li => li.innerText).join()")
                        .contains("a reply in the thread"));
        assertEquals("", text("document.getElementById('compose-error').textContent"));
        assertEquals(
                "infra",
                text("document.getElementById('compose-channel').value"),
                "the box has what the person chose before Reply");
        assertEquals("false", text("document.getElementById('compose-channel').disabled"));
        assertEquals(
                "undefined",
                browser.eval("fetch('/v1/messages?limit=1&expand=true', {headers: {'X-Collab-Dashboard': '1'}})"
                                + ".then(r => r.json()).then(b => String(b.items[0].frontmatter.channel))")
                        .asText());
        screenshots("chat-reply", "chat-section");

        // Reply, then cancel: the box comes back too.
        eval(root + ".querySelector('button[data-action=reply]').click()");
        eval("document.getElementById('reply-cancel').click()");
        assertEquals("infra", text("document.getElementById('compose-channel').value"));
        assertEquals("true", text("document.getElementById('compose-context').hidden"));
        typeInto("compose-channel", "");
    }

    @Test
    @Order(4)
    void aSessionEndedElsewhereSignsThePageOutAtTheFirstRefusedCall() throws Exception {
        assertEquals("human-bob", text("document.getElementById('who').textContent"));
        // signed out in another tab: the server forgets the session, this page does not know yet
        browser.eval("fetch('/auth/logout', {method: 'POST', headers: {'X-Collab-Dashboard': '1',"
                + " 'Content-Type': 'application/json'}, body: '{}'}).then(r => String(r.status))");
        typeInto("body", "are you there?");
        eval("document.getElementById('post').click()");
        awaitText(
                "the post says the session ended",
                "SESSION_ENDED: your session has ended; sign in again",
                "document.getElementById('compose-error').textContent");
        awaitText("the page shows nobody signed in", "", "document.getElementById('who').textContent");
        assertTrue(visible("signin-open"));
        assertEquals("true", text("document.getElementById('body').disabled"));
        assertEquals("Your session has ended; sign in again.", text("document.getElementById('banner').textContent"));
        assertTrue(visible("banner"));
        signInWithToken("tok-bob");
        awaitText("bob is signed in again", "human-bob", "document.getElementById('who').textContent");
        assertFalse(visible("banner"));
    }

    @Test
    @Order(5)
    void runFilesOpenAsTextImagesOrADownload() throws Exception {
        signInAs("tok-alice", "human-alice (organizer)");
        open("#/results/" + result);
        awaitText(
                "organizers can open the run's files",
                "5",
                "document.querySelectorAll('#verification-runs button.run-file-link').length");
        clickRunFile("chart.png");
        awaitText("the chart shows as an image", "120", "document.getElementById('run-file-image')?.naturalWidth");
        assertEquals("0", text("document.querySelectorAll('#run-file-text').length"));
        screenshots("result-chart", "run-file-view");
        clickRunFile("weights.bin");
        awaitText(
                "a binary file is named with its size and a download",
                "Binary file, 8 bytes — download",
                "document.getElementById('run-file-binary')?.textContent");
        assertEquals("weights.bin", text("document.querySelector('#run-file-binary a').getAttribute('download')"));
        clickRunFile("job_logs.txt");
        awaitText("text stays text", "re-ran the benchmark\n", "document.getElementById('run-file-text')?.textContent");
    }

    @Test
    @Order(6)
    void longJobIdsAndResultNamesWrapInsideTheJobsCard() throws Exception {
        open("#/organizer");
        awaitText("the jobs table lists the run", "1", "document.querySelectorAll('table.jobs tbody tr').length");
        assertEquals("normal", text("getComputedStyle(document.querySelector('table.jobs td.where > a')).whiteSpace"));
        browser.viewport(390, 844, true);
        try {
            Thread.sleep(300);
            assertEquals(
                    "true",
                    text(
                            "(() => { const t = document.querySelector('table.jobs');"
                                    + " return Array.from(t.querySelectorAll('td.where > a, td.job > *'))"
                                    + ".every(a => a.getBoundingClientRect().right <= a.closest('td').getBoundingClientRect().right + 1); })()"));
        } finally {
            browser.viewport(1400, 1000, false);
        }
    }

    @Test
    @Order(7)
    void theTabIconIsServedAndAMissingResultIsAskedForOnce() throws Exception {
        open("#/");
        assertEquals("/dashboard/favicon.svg", text("document.querySelector('link[rel=icon]').getAttribute('href')"));
        assertEquals(
                "200 image/svg+xml",
                browser.eval("fetch('/favicon.ico').then(r => r.status + ' ' + r.headers.get('Content-Type'))")
                        .asText());
        eval("performance.setResourceTimingBufferSize(100000); performance.clearResourceTimings()");
        open("#/results/nope.md");
        await("the missing result says so", () -> text("document.getElementById('view-result').innerText")
                .contains("NOT_FOUND"));
        Thread.sleep(3500); // three polls
        String asked = "performance.getEntriesByType('resource')"
                + ".filter(e => e.name.includes('/v1/results/nope.md')).length";
        assertEquals("2", text(asked), "the result and its runs, once each");
        open("#/");
        open("#/results/nope.md");
        awaitText("navigating back asks again", "4", asked);
    }

    @Test
    @Order(8)
    void theLongestChannelAndAgentNamesStayInsideAPhoneWideScreen() throws Exception {
        String longest = "c".repeat(20) + "-" + "d".repeat(19); // 40 characters, the most a name may have
        env.scratchBucket(longest, "alice");
        alice.agents().register(RegisterRequest.of(longest, "gemma-4", "claude-code", List.of()));
        alice.board().post(MessagePost.raw(longest, "a long channel").inChannel(longest));
        browser.viewport(390, 844, true);
        try {
            open("#/");
            awaitText(
                    "the channel and the agent are offered",
                    "true",
                    "document.querySelector('#channel option[value=\"" + longest + "\"]') !== null"
                            + " && document.querySelector('#f-agent option[value=\"" + longest + "\"]') !== null");
            Thread.sleep(300);
            assertEquals(
                    "390 390",
                    text("document.documentElement.scrollWidth + ' ' + document.documentElement.clientWidth"),
                    "wider than the screen: "
                            + text("Array.from(document.querySelectorAll('main *'))"
                                    + ".filter(e => e.getBoundingClientRect().right > 391 && !e.closest('.table-wrap, .tabs'))"
                                    + ".map(e => e.tagName + '#' + e.id).join(' ')"));
        } finally {
            browser.viewport(1400, 1000, false);
        }
    }

    @Test
    @Order(9)
    void rightToLeftParagraphsReadRightToLeftAndCodeStaysLeftToRight() throws Exception {
        alice.board()
                .post(MessagePost.raw(
                        "agent-a",
                        "\u0645\u0631\u062d\u0628\u0627 \u0628\u0627\u0644\u0639\u0627\u0644\u0645!\n\n"
                                + "```\nrun();\n```\n\nplain English after it"));
        open("#/");
        String body = "Array.from(document.querySelectorAll('#messages li.msg .body'))"
                + ".find(b => b.textContent.includes('run();'))";
        awaitText("the message is shown", "true", "!!" + body);
        assertEquals(
                "rtl ltr ltr",
                text("[" + body + ".querySelector('p'), " + body + ".querySelector('pre'), " + body
                        + ".querySelectorAll('p')[1]].map(e => getComputedStyle(e).direction).join(' ')"),
                "an Arabic paragraph reads right to left; the code and the English paragraph left to right");
    }

    // ---- helpers -----------------------------------------------------------------------------------------

    private void clickRunFile(String name) throws Exception {
        eval("Array.from(document.querySelectorAll('button.run-file-link')).find(b => b.textContent === '" + name
                + "').click()");
    }

    private void screenshots(String name, String scrollTo) throws Exception {
        eval(
                scrollTo == null
                        ? "window.scrollTo(0, 0)"
                        : "document.getElementById('" + scrollTo + "').scrollIntoView()");
        browser.screenshot(SHOTS.resolve(name + "-1400.png"));
        System.out.println("screenshot: " + SHOTS.resolve(name + "-1400.png").toAbsolutePath());
        eval("window.scrollTo(0, 0)");
    }

    private void screenshots(String name) throws Exception {
        screenshots(name, null);
    }
}
