package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.taskforce.Contribution;
import dev.agentcollab.api.taskforce.TaskforcePost;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Loads the dashboard in headless Chromium from a real server on loopback, posts messages through the API and
 * sees them appear in the page: a result in the leaderboard (without an empty quality column) and the score chart, a trace in the traces table,
 * @-mentions highlighted, replies threaded under their root, and the channel filter showing only that channel; and,
 * opened on the taskforces view of a collaboration without any, that view saying so once the list arrives; and a
 * taskforce's page with its note and counts. Runs whenever {@code /usr/bin/chromium} exists (CI
 * installs it, see .ci/run).
 */
class DashboardBrowserTest {
    private static final Duration BOUND = Duration.ofSeconds(60);

    @Test
    void aPostedMessageAppearsInTheDashboard() throws Exception {
        assumeTrue(Files.isExecutable(HeadlessChromium.BINARY), "chromium is not installed");
        try (LoopbackCollab env = new LoopbackCollab(InMemoryBucketStore.create());
                CollabClient bob = env.client("tok-bob");
                CollabClient alice = env.client("tok-alice");
                HeadlessChromium browser = new HeadlessChromium()) {
            env.scratchBucket("agent-a", "alice");
            env.scratchBucket("agent-b", "bob");
            alice.agents().register(RegisterRequest.of("agent-a", "m", "h", List.of()));
            bob.agents().register(RegisterRequest.of("agent-b", "m", "h", List.of()));

            // Opened on the taskforces view before its first poll: once the (empty) list arrives, the view says so.
            browser.navigate(env.server.baseUri().resolve("/#/taskforces"));
            HeadlessChromium.await("the empty taskforce list is shown as such", BOUND, () -> text(
                            browser, "document.getElementById('view-taskforces').innerText")
                    .contains("No taskforces yet"));

            browser.navigate(env.server.baseUri());
            HeadlessChromium.await("the dashboard loads and polls the API", BOUND, () -> text(
                            browser, "document.getElementById('status').textContent")
                    .startsWith("updated"));
            assertEquals("demo", text(browser, "document.getElementById('title').textContent"));

            String marker = "browser-" + UUID.randomUUID();
            bob.board().post(MessagePost.raw("agent-b", "hello @agent-a, " + marker));

            HeadlessChromium.await("the posted message shows up in the chat", BOUND, () -> text(
                            browser, "document.getElementById('messages').innerText")
                    .contains(marker));
            assertEquals("@agent-a", text(browser, "document.querySelector('#messages .mention').textContent"));
            assertEquals("agent-b", text(browser, "document.querySelector('#messages .author').textContent"));

            // Bodies are escaped before the markdown subset is rendered: a pipe table becomes a table, HTML stays text.
            bob.board()
                    .post(MessagePost.raw(
                            "agent-b",
                            "table-" + marker + "\n| metric | value |\n| --- | --- |\n| tps | **42** |\n"
                                    + "<img src=x onerror=\"document.title='pwned'\">"));
            HeadlessChromium.await("the pipe table is rendered as a table", BOUND, () -> text(
                            browser, "document.querySelector('#messages table.md td strong').textContent")
                    .equals("42"));
            assertEquals("0", text(browser, "document.querySelectorAll('#messages img').length"));
            assertTrue(text(browser, "document.getElementById('messages').innerText")
                    .contains("<img src=x"));
            assertTrue(!text(browser, "document.title").equals("pwned"));

            // A promoted result shows up in the leaderboard table and as a point of the score chart.
            alice.results()
                    .promote(env.writeSource(
                            "agent-a",
                            "results/r1.md",
                            "---\nscore: 7.5\nmethod: beam\nstatus: agent-run\ndescription: first\n---\n"));
            HeadlessChromium.await("the leaderboard lists the result", BOUND, () -> text(
                            browser, "document.querySelector('#leaderboard tbody').innerText")
                    .contains("agent-a"));
            HeadlessChromium.await("the chart draws the result", BOUND, () -> text(
                            browser, "document.getElementById('chart').dataset.points")
                    .equals("1"));
            // No result says lossless or lossy: no empty quality column; the unit keeps its case in the header.
            assertEquals(
                    "none",
                    text(browser, "getComputedStyle(document.querySelector('#leaderboard th.col-quality')).display"));
            assertEquals("(points)", text(browser, "document.querySelector('#score-head .unit').textContent"));
            assertEquals(
                    "none",
                    text(browser, "getComputedStyle(document.querySelector('#score-head .unit')).textTransform"));

            // A shared trace shows up in the traces table and the token statistics.
            String manifest = env.writeSource(
                    "agent-a",
                    "traces/s1/manifest.md",
                    "---\nschema_version: 1\nharness: claude-code\nsession_id: s1\nusage:\n  total_tokens: 4321\n---\n"
                            + "tiled the kernel\n");
            alice.traces().share(manifest.substring(0, manifest.length() - "/manifest.md".length()), "stats");
            HeadlessChromium.await("the traces table lists the session", BOUND, () -> text(
                            browser, "document.querySelector('#traces tbody').innerText")
                    .contains("claude-code"));
            assertTrue(text(browser, "document.getElementById('stats').textContent")
                    .startsWith("4,321 tokens over 1 session from 1 agent"));

            // A reply is rendered indented under its root; a channel post is found through the channel filter.
            String root = bob.board()
                    .messages(dev.agentcollab.api.query.ListQuery.defaults())
                    .items()
                    .get(0)
                    .filename();
            alice.board().post(MessagePost.raw("agent-a", "reply-" + marker).replyTo(root));
            alice.board().post(MessagePost.raw("agent-a", "infra-" + marker).inChannel("infra"));
            HeadlessChromium.await("the reply shows up as a threaded reply", BOUND, () -> text(
                            browser,
                            "Array.from(document.querySelectorAll('#messages li.reply')).map(li => li.innerText).join()")
                    .contains("reply-" + marker));
            HeadlessChromium.await("the channel appears in the filter", BOUND, () -> text(
                            browser, "Array.from(document.getElementById('channel').options).map(o => o.value).join()")
                    .contains("infra"));
            browser.eval("(() => { const s = document.getElementById('channel'); s.value = 'infra';"
                    + " s.dispatchEvent(new Event('change')); return true; })()");
            HeadlessChromium.await("only the channel's messages are shown", BOUND, () -> {
                String shown = text(browser, "document.getElementById('messages').innerText");
                return shown.contains("infra-" + marker) && !shown.contains("hello @agent-a");
            });

            // A taskforce's page counts its contributors, notes and files, each noun singular for one.
            alice.taskforces().create(TaskforcePost.raw("tf-browser", "agent-a", "# tf-browser\n\nabout it\n"));
            alice.taskforces().contribute("tf-browser", Contribution.rawNote("agent-a", "note-" + marker));
            browser.navigate(env.server.baseUri().resolve("/#/taskforces/tf-browser"));
            HeadlessChromium.await("the taskforce page shows its note and its counts", BOUND, () -> {
                String shown = text(browser, "document.getElementById('view-taskforces').innerText");
                return shown.contains("note-" + marker)
                        && shown.contains("created by agent-a · 1 contributor · 1 note · 2 files");
            });
        }
    }

    /** Evaluates an expression to a string; "" while the page is not loaded yet (e.g. the element is missing). */
    private static String text(HeadlessChromium browser, String expression) {
        try {
            return browser.eval("(() => { try { return String(" + expression + "); } catch (e) { return ''; } })()")
                    .asText("");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
