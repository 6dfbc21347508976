package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.taskforce.Contribution;
import dev.agentcollab.api.taskforce.TaskforcePost;
import dev.agentcollab.core.service.CollabConfig;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import dev.agentcollab.testkit.time.MutableClock;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;

/**
 * Every view and interaction of the dashboard in headless Chromium against a real server on loopback: the
 * leaderboard (baselines, filters, verification reasons), the Chart.js chart (best-so-far over valid/pending only,
 * verified markers, faint invalid results, negatives, zoom, tooltips), the chat (pinned goal, day dividers,
 * avatars, @-autocomplete, reply in thread, quote, text filter, mentions of me, unread counts, see more), the
 * "Add your agent" dialog, token and OAuth sign-in (against {@link FakeOAuthProvider}), the organizer-only
 * controls, the organizer's live jobs and quota tables (absent for members, whose {@code GET /v1/jobs} is 403), a
 * result's submission and verification runs with the run files organizers open, the taskforce, agent, result and
 * trace views, and Swagger UI at {@code /docs}. Every rendered field
 * gets an XSS attempt that must stay text. Screenshots at 1400 px and 390 px go to {@code target/screenshots/}.
 * Runs whenever {@code /usr/bin/chromium} exists (CI installs it, see .ci/run).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
@Timeout(120)
class DashboardViewsBrowserTest extends DashboardPage {
    /** Sets window.__pwned when any injected markup runs. */
    private static final String XSS = "<img src=x onerror=\"window.__pwned=1\"><script>window.__pwned=2</script>";

    private static final Path SHOTS = Path.of("target", "screenshots");

    private MutableClock clock;
    private FakeOAuthProvider oauth;
    private LoopbackCollab env;

    @Override
    URI baseUri() {
        return env.server.baseUri();
    }

    private CollabClient alice;
    private CollabClient bob;
    private String invalidResult;
    private String validResult;

    @BeforeAll
    void start() throws Exception {
        assumeTrue(Files.isExecutable(HeadlessChromium.BINARY), "chromium is not installed");
        clock = MutableClock.at("2026-06-01T09:00:00Z");
        oauth = new FakeOAuthProvider("tok-alice");
        int port;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            port = s.getLocalPort();
        }
        DashboardSettings settings = DashboardSettings.custom()
                .title("Fast decoding " + XSS)
                .description("Make **Gemma** decode faster. " + XSS)
                .link("Challenge page", "https://example.org/challenge")
                .baseline(new BaselineRow(
                        "baseline: greedy " + XSS, 9.0, Optional.empty(), "plain greedy", Optional.empty()))
                .oauth(oauth.settings(URI.create("http://127.0.0.1:" + port + "/auth/callback")))
                .pollInterval(Duration.ofSeconds(1))
                .build();
        CollabConfig config = CollabConfig.custom(LoopbackCollab.ORG, LoopbackCollab.SLUG)
                .listingTtl(Duration.ZERO)
                .build();
        env = new LoopbackCollab(InMemoryBucketStore.create(), config, clock, port, settings);
        alice = env.client("tok-alice");
        bob = env.client("tok-bob");
        env.scratchBucket("agent-a", "alice");
        env.scratchBucket("agent-b", "bob");
        env.scratchBucket("agent-c", "bob");
        alice.agents().register(RegisterRequest.of("agent-a", "gemma-4", "claude-code", List.of()));
        bob.agents().register(RegisterRequest.of("agent-b", "gpt", "codex", List.of()));
        bob.agents().register(RegisterRequest.of("agent-c", "gpt", "codex", List.of()));
        seed();
        browser = new HeadlessChromium();
        browser.viewport(1400, 1000, false);
    }

    /** Two days of collaboration: a goal broadcast, chat, results in every verification state, a taskforce. */
    private void seed() throws Exception {
        alice.board()
                .post(MessagePost.raw("human-alice", "GOAL: make decoding 2x faster, lossless 🚀")
                        .asBroadcast());
        tick();
        for (int i = 0; i < 14; i++) {
            bob.board().post(MessagePost.raw(i % 2 == 0 ? "agent-b" : "agent-c", "warm-up note " + i + " ✅"));
            tick();
        }
        env.writeSource("agent-a", "submissions/v1/model.txt", "tiny");
        env.writeSource("agent-a", "submissions/v1/<img src=x onerror=\"window.__pwned=6\">.bin", "x");
        validResult = promote("agent-a", "r1.md", 10.0, "agent-run", "mtp k=3", "submission: submissions/v1\n");
        tick();
        invalidResult = promote("agent-b", "r2.md", 12.0, "agent-run", "too good " + XSS);
        tick();
        promote("agent-c", "r3.md", 3.0, "negative", "int3 quantised");
        tick();
        clock.advance(Duration.ofDays(1)); // the next messages are on the next day: a day divider
        String pending = promote("agent-a", "r4.md", 11.0, "agent-run", "mtp k=4");
        tick();
        env.store.put(
                config().centralBucket(),
                BucketPath.of("results/verification_status.json"),
                ("{\"" + validResult + "\": \"valid\", \"" + invalidResult + "\": \"invalid\", \"" + pending
                                + "\": \"pending\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
        bob.board()
                .post(MessagePost.raw("agent-b", "VERIFIED INVALID: rerun gave 6.1 tok/s " + XSS)
                        .withType("verification")
                        .withRefs(invalidResult));
        tick();
        bob.board()
                .post(MessagePost.raw("agent-c", "VERIFIED VALID: rerun gave 10.1 tok/s")
                        .withType("verification")
                        .withRefs(validResult));
        tick();
        bob.board().post(MessagePost.raw("agent-b", "plan for @agent-a and @human-alice " + XSS + " | done"));
        tick();
        bob.board().post(MessagePost.raw("agent-b", "long report\n" + "line of the long report\n".repeat(30)));
        tick();
        bob.board().post(MessagePost.raw("agent-c", "infra note in a channel").inChannel("infra"));
        tick();
        alice.taskforces().create(TaskforcePost.raw("kernels", "agent-a", "# Kernels\nFused attention " + XSS));
        tick();
        alice.taskforces().contribute("kernels", Contribution.rawNote("agent-a", "note about tiling " + XSS));
        tick();
        String manifest = env.writeSource(
                "agent-a",
                "traces/s1/manifest.md",
                "---\nschema_version: 1\nharness: claude-code\nsession_id: s1\nusage:\n  total_tokens: 4321\n---\n"
                        + "tiled the kernel " + XSS + "\n");
        alice.traces().share(manifest.substring(0, manifest.length() - "/manifest.md".length()), "stats");
        seedJobs();
    }

    /**
     * Jobs as the write side leaves them: a running benchmark of agent-b (its audit row and run folder), a
     * verification run of the valid result (its folder in the audit bucket) and launches in the quota ledger. Every
     * text field the dashboard shows carries an XSS attempt; the job URLs are {@code javascript:} URLs.
     */
    private void seedJobs() {
        java.util.Map<String, Object> row = new java.util.LinkedHashMap<>();
        row.put("ts", clock.instant().toString());
        row.put("agent_id", "agent-b");
        row.put("route", "/v1/jobs:run");
        row.put("via", "job");
        row.put("source", "hf://buckets/org/demo-agent-b/submissions/v1");
        row.put("target_path", "runs/r1");
        row.put("bytes", 0);
        row.put("status_code", 202);
        row.put("job_id", "bench-" + XSS);
        row.put("hf_user", "bob");
        assertTrue(env.service.context().audit().appendRows(List.of(row)));
        env.writeSource(
                "agent-b",
                "runs/r1/job_status.json",
                "{\"status\":\"running\",\"stage\":\"RUNNING\",\"job_id\":\"x\",\"job_url\":\"javascript:window.__pwned=3\","
                        + "\"launched_at\":\"" + clock.instant().minus(Duration.ofMinutes(4))
                        + "\",\"message\":\"warming up "
                        + json(XSS) + "\"}");
        env.writeSource("agent-b", "submissions/v1/model.txt", "tiny");
        String folder = "verification_runs/" + validResult + "/";
        audit(folder + "verification_request.json", "{\"requested_at\":\"2026-06-02T08:00:00.000Z\"}");
        audit(
                folder + "job_status.json",
                "{\"status\":\"completed\",\"stage\":\"COMPLETED\",\"job_id\":\"verify-" + json(XSS)
                        + "\",\"job_url\":\"javascript:window.__pwned=4\",\"launched_at\":\"2026-06-02T08:00:01.000Z\","
                        + "\"finished_at\":\"2026-06-02T08:02:31.000Z\",\"message\":\"done\"}");
        audit(folder + "summary.json", "{\"score\":10.1,\"tok/s " + json(XSS) + "\":10.1,\"nested\":{\"x\":1}}");
        audit(
                folder + "verdict.json",
                "{\"state\":\"valid\",\"reason\":\"re-run 10.1 is within 5% of 10 " + json(XSS)
                        + "\",\"job_id\":\"verify-" + json(XSS) + "\"}");
        audit(folder + "job_logs.txt", "re-ran the benchmark\n" + XSS + "\n");
        audit(folder + "out/<img src=x onerror=\"window.__pwned=5\">.txt", "output");
        String ts = clock.instant().toString();
        env.store.put(
                config().auditBucket(),
                BucketPath.of("quota/job_ledger.jsonl"),
                ("{\"ts\":\"" + ts + "\",\"agent_id\":\"agent-b\",\"hf_user\":\"bob\"}\n"
                                + "{\"ts\":\"" + ts + "\",\"agent_id\":\"" + json(XSS) + "\",\"hf_user\":\"" + json(XSS)
                                + "\"}\n")
                        .getBytes(StandardCharsets.UTF_8));
    }

    private void audit(String path, String text) {
        env.store.put(config().auditBucket(), BucketPath.of(path), text.getBytes(StandardCharsets.UTF_8));
    }

    private static String json(String s) {
        return s.replace("\\", "\\\\").replace("\"", "\\\"");
    }

    private CollabConfig config() {
        return env.service.config();
    }

    private void tick() {
        clock.advance(Duration.ofMinutes(3));
    }

    private String promote(String agent, String file, double score, String status, String method) {
        return promote(agent, file, score, status, method, "");
    }

    private String promote(String agent, String file, double score, String status, String method, String extra) {
        CollabClient c = agent.equals("agent-a") ? alice : bob;
        return c.results()
                .promote(env.writeSource(
                        agent,
                        "results/" + file,
                        "---\nscore: " + score + "\nmethod: \"" + method.replace("\"", "\\\"") + "\"\nstatus: " + status
                                + "\ndescription: \"desc " + XSS.replace("\"", "\\\"") + "\"\nlossy: false\n" + extra
                                + "---\n"
                                + "Body of " + file + " " + XSS + "\n"))
                .filename();
    }

    @AfterAll
    void stop() {
        for (AutoCloseable c : new AutoCloseable[] {browser, alice, bob, env, oauth}) {
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
    void overviewShowsBrandingLeaderboardAndChart() throws Exception {
        open("#/");
        assertEquals("Fast decoding " + XSS, text("document.getElementById('title').textContent"));
        assertEquals("Gemma", text("document.querySelector('#description strong').textContent"));
        assertEquals("https://example.org/challenge", text("document.querySelector('#links a').href"));
        assertEquals("agents3", text("document.querySelector('#counts').textContent.replace(/\\s/g,'').slice(0,7)"));

        // Best per agent: agent-a's pending 11 beats its valid 10; agent-b's invalid 12 is not ranked; baseline 9.
        awaitText(
                "the leaderboard lists one ranked result",
                "1",
                "document.querySelectorAll('#leaderboard tbody tr:not(.baseline):not(.negative)').length");
        assertEquals(
                "11,9",
                text("Array.from(document.querySelectorAll('#leaderboard tbody td.score'))"
                        + ".map(td => td.textContent).join()"));
        assertEquals(
                "baseline: greedy " + XSS,
                text("document.querySelector('#leaderboard tr.baseline td:nth-child(2)')" + ".textContent"));
        assertEquals("lossless", text("document.querySelector('#leaderboard .q-lossless').textContent"));
        assertEquals(
                "table-cell", text("getComputedStyle(document.querySelector('#leaderboard th.col-quality')).display"));
        assertEquals("not verified yet", text("document.querySelector('#leaderboard .v-pending').title"));

        // Filters: verified only; negatives shown; one agent.
        check("f-verified", true);
        awaitText(
                "only verified rows remain",
                "10,9",
                "Array.from(document.querySelectorAll('#leaderboard tbody td.score'))"
                        + ".map(td => td.textContent).join()");
        check("f-verified", false);
        // Invalid results are ranked only on request, faintly, with the verifier's reason.
        check("f-invalid", true);
        awaitText(
                "the invalid result is listed",
                "1",
                "document.querySelectorAll('#leaderboard tr.v-row-invalid').length");
        assertTrue(text("document.querySelector('#leaderboard tr.v-row-invalid .v-invalid').title")
                .startsWith("VERIFIED INVALID: rerun gave 6.1 tok/s <img"));
        assertEquals(
                "0.6", text("getComputedStyle(document.querySelector('#leaderboard tr.v-row-invalid td')).opacity"));
        check("f-invalid", false);
        check("f-hide-negative", false);
        awaitText("the negative result is listed", "1", "document.querySelectorAll('#leaderboard tr.negative').length");
        assertEquals(
                "int3 quantised", text("document.querySelector('#leaderboard tr.negative td.method').textContent"));
        check("f-hide-negative", true);
        select("f-agent", "agent-a");
        awaitText(
                "only agent-a's rows remain",
                "true",
                "Array.from(document.querySelectorAll('#leaderboard tbody tr')).map(tr => tr.innerText.includes('agent-a')).join()");
        select("f-agent", "");
        check("f-every", true);
        awaitText("every result ranks", "3", "document.querySelectorAll('#leaderboard tbody td.rank').length");
        check("f-every", false);

        // Chart: 4 points with a score; best-so-far over valid/pending only (10 then 11; never the invalid 12).
        awaitText("the chart draws every result", "4", "document.getElementById('chart').dataset.points");
        assertEquals("2", text("document.getElementById('chart').dataset.best"));
        assertEquals("10,11", text("collabChart.data.datasets[0].data.slice(0,2).map(p => p.y).join()"));
        assertEquals("rectRot", text("collabChart.data.datasets[1].pointStyle"));
        assertEquals("1", text("collabChart.data.datasets[1].data.length"));
        assertEquals("1", text("collabChart.data.datasets[3].data.length"));
        assertTrue(text("collabChart.data.datasets[3].backgroundColor").contains("0.18"));
        assertEquals("3", text("collabChart.data.datasets[4].data[0].y"));
        assertEquals("baseline: greedy " + XSS, text("collabChart.data.datasets[5].label"));
        assertEquals("bottom", text("collabChart.options.plugins.legend.position"));
        String tip = text(
                "collabChart.options.plugins.tooltip.callbacks.label({raw: collabChart.data.datasets[1].data[0]})");
        assertTrue(tip.contains("agent-a") && tip.contains("mtp k=3") && tip.contains("valid"), tip);
        eval("collabChart.zoom(2)");
        assertTrue(Double.parseDouble(text("collabChart.getZoomLevel()")) > 1.5);
        eval("document.getElementById('chart-reset').click()");
        assertEquals("1", text("collabChart.getZoomLevel()"));
        noInjectedMarkup();
        // Every form control has an accessible name; the views are reachable as links.
        assertEquals(
                "",
                text("Array.from(document.querySelectorAll('input, select, textarea'))"
                        + ".filter(e => !e.labels.length && !e.getAttribute('aria-label')).map(e => e.id).join()"));
        assertEquals("5", text("document.querySelectorAll('nav.tabs a[href]').length"));
        screenshots("overview");
    }

    @Test
    @Order(2)
    void verificationReasonShowsOnHoverOfTheInvalidResult() throws Exception {
        check("f-verified", false);
        // The invalid result is not ranked; its reason shows on its detail page and in the every-result view.
        open("#/results/" + invalidResult);
        await("the result detail loads", () -> text("document.getElementById('view-result').innerText")
                .contains("VERIFIED INVALID"));
        assertTrue(text("document.getElementById('view-result').innerText").contains("too good " + XSS));
        assertEquals("invalid", text("document.querySelector('#view-result .badge').textContent"));
        assertTrue(visible("view-result"));
        assertFalse(visible("view-overview"));
        noInjectedMarkup();
        open("#/results/" + validResult);
        await("the valid result's detail loads", () -> text("document.getElementById('view-result').innerText")
                .contains("Body of r1.md"));
        assertTrue(text("document.getElementById('view-result').innerText").contains("mtp k=3"));
        screenshots("result");
    }

    @Test
    @Order(3)
    void chatPinsTheGoalAndRendersDaysAvatarsAndLongMessages() throws Exception {
        open("#/");
        await("the chat shows the messages", () -> text("document.getElementById('messages').innerText")
                .contains("long report"));
        assertTrue(text("document.getElementById('pinned').innerText").contains("GOAL: make decoding 2x faster"));
        assertFalse(Boolean.parseBoolean(text("document.getElementById('pinned').hidden")));
        // Newest at the bottom, scrolled there on first load.
        awaitText(
                "the list is scrolled to the newest message",
                "true",
                "(() => { const l = document.getElementById('messages');"
                        + " return l.scrollTop + l.clientHeight >= l.scrollHeight - 10 || [l.scrollTop, l.clientHeight, l.scrollHeight]; })()");
        assertEquals("2", text("document.querySelectorAll('#messages li.day-divider').length"));
        assertEquals(
                "AB",
                text(
                        "document.querySelector('#messages li.msg .avatar').textContent === 'HA'"
                                + " ? 'AB' : Array.from(document.querySelectorAll('#messages li.msg .avatar')).map(a => a.textContent).find(t => t === 'AB')"));
        // A long message is collapsed with "See more", which expands it.
        String more =
                "Array.from(document.querySelectorAll('#messages li.msg')).find(li => li.innerText.includes('long report'))";
        assertEquals("true", text(more + ".querySelector('.body').classList.contains('collapsed')"));
        eval(more + ".querySelector('button.more').click()");
        assertEquals("false", text(more + ".querySelector('.body').classList.contains('collapsed')"));
        // Raw HTML stays text; pipes and mentions render.
        assertEquals("0", text("document.querySelectorAll('#messages img, #messages script, #pinned img').length"));
        assertTrue(text("document.getElementById('messages').innerText").contains("<img src=x"));
        assertTrue(text("Array.from(document.querySelectorAll('#messages .mention')).map(m => m.textContent).join()")
                .contains("@agent-a"));
        // Text filter.
        typeInto("chat-filter", "infra note");
        awaitText("only the matching message is shown", "1", "document.querySelectorAll('#messages li.msg').length");
        typeInto("chat-filter", "");
        // Channels with unread counts: the infra channel has one message not seen yet.
        await(
                "the channel list shows #infra with an unread count",
                () ->
                        text("Array.from(document.querySelectorAll('#channel-list button')).map(b => b.innerText.replace(/\\s+/g,'')).join()")
                                .contains("#infra1"));
        eval("document.querySelector('#channel-list button[data-channel=\"infra\"]').click()");
        awaitText("only the channel's messages are shown", "1", "document.querySelectorAll('#messages li.msg').length");
        await(
                "the unread count is cleared",
                () -> !text("document.querySelector('#channel-list button[data-channel=\"infra\"]').innerText")
                        .contains("1"));
        eval("document.querySelector('#channel-list button[data-channel=\"\"]').click()");
        noInjectedMarkup();
        screenshots("chat", "chat-section");
    }

    @Test
    @Order(4)
    void tokenSignInShowsNoOrganizerControlsToMembers() throws Exception {
        open("#/");
        assertEquals("true", text("document.getElementById('body').disabled"));
        signInWithToken("tok-wrong");
        await("a wrong token is refused", () -> text("document.getElementById('signin-error').textContent")
                .contains("UNAUTHORIZED"));
        eval("document.getElementById('signin-close').click()");
        signInWithToken("tok-bob");
        awaitText("bob is signed in", "human-bob", "document.getElementById('who').textContent");
        assertFalse(visible("organizer-tab"));
        assertFalse(visible("broadcast-toggle"));
        assertFalse(text("document.cookie").contains("collab_session"), "the session cookie is HttpOnly");
        open("#/organizer");
        await("the organizer panel refuses", () -> text("document.getElementById('view-organizer').innerText")
                .contains("Only organizers"));
        assertEquals("0", text("document.querySelectorAll('#broadcast-form').length"));

        // Reply in thread, quote and @-autocomplete as bob.
        open("#/");
        await("the chat shows the messages", () -> text("document.getElementById('messages').innerText")
                .contains("long report"));
        String plan =
                "Array.from(document.querySelectorAll('#messages li.msg')).find(li => li.innerText.includes('plan for'))";
        eval(plan + ".querySelector('button[data-action=quote]').click()");
        assertTrue(text("document.getElementById('body').value").startsWith("> **@agent-b** wrote:\n> plan for"));
        eval(plan + ".querySelector('button[data-action=reply]').click()");
        assertFalse(Boolean.parseBoolean(text("document.getElementById('compose-context').hidden")));
        typeInto("body", "thanks, on it @age");
        awaitText("the mention suggestions open", "false", "document.getElementById('mention-list').hidden");
        assertEquals(
                "agent-a,agent-b,agent-c",
                text("Array.from(document.querySelectorAll('#mention-list li')).map(li => li.dataset.name).join()"));
        key("body", "ArrowDown");
        key("body", "Enter");
        assertEquals("thanks, on it @agent-b ", text("document.getElementById('body').value"));
        eval("document.getElementById('post').click()");
        await(
                "the reply appears in the thread",
                () -> text("Array.from(document.querySelectorAll('#messages li.reply')).map(li => li.innerText).join()")
                        .contains("thanks, on it @agent-b"));
        assertEquals("", text("document.getElementById('compose-error').textContent"));
        typeInto("body", "ping @agent-zz");
        eval("document.getElementById('post').click()");
        awaitText(
                "a mention that reached nobody is named",
                "posted; not delivered: @agent-zz (not a registered agent)",
                "document.getElementById('compose-error').textContent");
        eval("document.getElementById('signout').click()");
        await("bob is signed out", () -> text("document.getElementById('who').textContent")
                .isEmpty());
    }

    @Test
    @Order(5)
    void oauthSignInMakesTheOrganizerAndShowsTheirControls() throws Exception {
        int before = oauth.exchanges.get();
        open("#/");
        eval("document.getElementById('signin-open').click()");
        assertEquals("Sign in with Hugging Face", text("document.getElementById('oauth-login').textContent"));
        eval("document.getElementById('oauth-login').click()");
        await("alice comes back signed in through OAuth", () -> text("document.getElementById('who').textContent")
                .equals("human-alice (organizer)"));
        assertEquals(before + 1, oauth.exchanges.get());
        assertEquals(0, oauth.refused.get());
        assertEquals(
                "oauth",
                browser.eval("fetch('/auth/session').then(r => r.json()).then(s => s.method)")
                        .asText());
        assertTrue(visible("organizer-tab"));
        assertTrue(visible("broadcast-toggle"));
        // Mentions of me: the plan mentioning @human-alice is in her inbox.
        await(
                "the mentions view is offered",
                () -> text("Array.from(document.getElementById('channel').options).map(o => o.value).join()")
                        .contains("@me"));
        select("channel", "@me");
        await("the mention shows up", () -> text("document.getElementById('messages').innerText")
                .contains("plan for"));
        assertEquals("@human-alice", text("document.querySelector('#messages .mention.me').textContent"));
        select("channel", "");

        open("#/organizer");
        awaitText(
                "the organizer panel shows the verification state",
                "1",
                "document.getElementById('org-valid')?.textContent");
        assertEquals("1", text("document.getElementById('org-invalid').textContent"));
        assertTrue(text("document.getElementById('org-jobs').textContent").contains("disabled"));
        assertTrue(visible("broadcast-form"));
        eval("document.getElementById('broadcast-body').value = 'NEW GOAL: 3x'");
        eval("document.querySelector('#broadcast-form button[type=submit]').click()");
        awaitText("the broadcast is sent", "broadcast sent", "document.getElementById('broadcast-status').textContent");
        open("#/");
        await("the new goal is pinned", () -> text("document.getElementById('pinned').innerText")
                .contains("NEW GOAL: 3x"));
        screenshots("organizer-overview");
        open("#/organizer");
        await("the organizer panel renders", () -> text("document.getElementById('view-organizer').innerText")
                .contains("Jobs and quotas"));
        screenshots("organizer");
    }

    @Test
    @Order(6)
    void addYourAgentDialogHasTheCopyPastePrompt() throws Exception {
        open("#/");
        eval("document.getElementById('add-agent').click()");
        assertEquals("true", text("document.getElementById('add-agent-dialog').open"));
        assertTrue(visible("agent-prompt"));
        String prompt = text("document.getElementById('agent-prompt').value");
        assertTrue(prompt.contains(env.server.baseUri().toString().replaceAll("/$", "") + "/v1/agent-readme"), prompt);
        assertTrue(prompt.contains("Organisation: org") && prompt.contains("Collaboration (slug): demo"), prompt);
        assertTrue(
                prompt.contains("Authorization: Bearer $COLLAB_TOKEN"), "where the agent finds its token: " + prompt);
        screenshots("add-agent");
        eval("document.getElementById('add-agent-dialog').close()");
    }

    @Test
    @Order(7)
    void taskforceAgentAndTraceViewsRenderSafely() throws Exception {
        open("#/taskforces");
        await("the taskforce is listed", () -> text("document.getElementById('view-taskforces').innerText")
                .contains("kernels"));
        open("#/taskforces/kernels");
        awaitText(
                "the taskforce's README renders",
                "Kernels",
                "document.querySelector('#view-taskforces .readme h1')?.textContent");
        await("its notes render", () -> text("document.getElementById('view-taskforces').innerText")
                .contains("note about tiling"));
        assertTrue(visible("view-taskforces"));
        assertFalse(visible("view-overview"));
        noInjectedMarkup();
        screenshots("taskforce");

        open("#/agents");
        awaitText("the agents are listed", "3", "document.querySelectorAll('#view-agents tbody tr').length");
        assertTrue(text("document.getElementById('view-agents').innerText").contains("claude-code"));
        assertTrue(visible("view-agents"));
        screenshots("agents");
        open("#/agents/agent-a");
        awaitText(
                "agent-a's results are listed",
                "2",
                "document.querySelectorAll('#view-agents table.results tbody tr').length");
        noInjectedMarkup();

        open("#/traces");
        await("the traces table lists the session", () -> text("document.querySelector('#traces tbody').innerText")
                .contains("claude-code"));
        assertTrue(text("document.getElementById('stats').textContent").startsWith("4,321 tokens"));
        assertTrue(visible("traces"));
        open("#/traces/agent-a/s1");
        await("the trace detail renders", () -> text("document.getElementById('trace-detail').innerText")
                .contains("tiled the kernel"));
        assertEquals(
                "",
                text("[...document.getElementById('trace-detail').childNodes].filter(n => n.nodeType === 3)"
                        + ".map(n => n.textContent).join('')"),
                "a trace without log files shows no stray text");
        noInjectedMarkup();
        screenshots("traces");
    }

    @Test
    @Order(9)
    void relativeTimesFollowTheClockWhileThePageStaysOpen() throws Exception {
        open("#/");
        String when = "document.querySelector('#leaderboard tbody tr[data-filename] td.col-when').textContent";
        await("the leaderboard says when", () -> text(when).endsWith(" d ago"));
        int days = Integer.parseInt(text(when).replace(" d ago", ""));
        open("#/agents");
        String last = "[...document.querySelectorAll('#view-agents tbody tr')]"
                + ".find(r => r.textContent.includes('agent-a')).cells[5].textContent";
        awaitText("agent-a's last activity", days + " d ago", last);
        // the reader's clock moves 30 days on while the data stays the same
        eval("(() => { const Real = Date, shift = 30 * 86400e3; window.__RealDate = Real;"
                + " window.Date = class extends Real { constructor(...a) { if (a.length) super(...a);"
                + " else super(Real.now() + shift); } static now() { return Real.now() + shift; } }; })()");
        try {
            awaitText("the last activity follows the clock", (days + 30) + " d ago", last);
            open("#/");
            awaitText("the leaderboard follows the clock", (days + 30) + " d ago", when);
        } finally {
            eval("window.Date = window.__RealDate");
        }
    }

    @Test
    @Order(10)
    void aSlowServerIsNotAskedAgainWhileAPollIsWaiting() throws Exception {
        open("#/");
        // every poll asks for /v1/stats once; the server now takes 3.5 s to answer it (the poll runs every second)
        eval("(() => { const f = window.fetch; window.__realFetch = f; window.__asks = 0; window.__open = 0;"
                + " window.__most = 0; window.fetch = async (...a) => { if (!String(a[0]).startsWith('/v1/stats'))"
                + " return f(...a); window.__asks++; window.__most = Math.max(window.__most, ++window.__open);"
                + " try { await new Promise(r => setTimeout(r, 3500)); return await f(...a); }"
                + " finally { window.__open--; } }; })()");
        try {
            Thread.sleep(9000);
            assertEquals("1", text("window.__most"), "polls waiting at once");
            assertTrue(Integer.parseInt(text("window.__asks")) >= 2, "the page keeps polling");
            // a refresh the reader asks for while a poll waits still happens, with what they changed
            check("f-every", true);
            awaitText("every result ranks", "3", "document.querySelectorAll('#leaderboard tbody td.rank').length");
        } finally {
            eval("window.fetch = window.__realFetch");
            check("f-every", false);
        }
    }

    @Test
    @Order(11)
    void longSummariesAndWordsWrapInTheTracesAndTaskforcesTables() throws Exception {
        String word = "x".repeat(150);
        String manifest = env.writeSource(
                "agent-b",
                "traces/s9/manifest.md",
                "---\nschema_version: 1\nharness: codex-" + word + "\nsession_id: s9\n---\n"
                        + "A long summary of what the session did. ".repeat(8) + "\n");
        bob.traces().share(manifest.substring(0, manifest.length() - "/manifest.md".length()), "stats");
        bob.taskforces().create(TaskforcePost.raw("wide", "agent-b", "About " + word));
        open("#/traces");
        await("the long trace is listed", () -> text("document.querySelector('#traces tbody').innerText")
                .contains("A long summary"));
        String overflow = "(w => w.scrollWidth - w.clientWidth)(document.querySelector('#%s').closest('.table-wrap'))";
        assertEquals("0", text(String.format(overflow, "traces")), "the traces table is wider than its card");
        screenshots("traces-long");
        open("#/taskforces");
        await("the wide taskforce is listed", () -> text("document.getElementById('view-taskforces').innerText")
                .contains("About xxx"));
        assertEquals(
                "0",
                text(String.format(overflow, "view-taskforces table")),
                "the taskforces table is wider than its card");
    }

    @Test
    @Order(8)
    void docsIsSwaggerUiServedOffline() throws Exception {
        browser.navigate(env.server.baseUri().resolve("/docs"));
        await(
                "Swagger UI renders the API",
                () -> text("document.querySelector('.swagger-ui .info .title')?.textContent")
                        .contains("agent-collab"));
        assertTrue(Integer.parseInt(text("document.querySelectorAll('.opblock').length")) > 10);
    }

    @Test
    @Order(20)
    void organizersSeeTheJobsAndQuotasLiveAndOthersDoNot() throws Exception {
        signInAs("tok-bob", "human-bob");
        open("#/organizer");
        await("the organizer panel refuses", () -> text("document.getElementById('view-organizer').innerText")
                .contains("Only organizers"));
        assertEquals("0", text("document.querySelectorAll('#org-jobs-box, #view-organizer table.jobs').length"));
        assertEquals("0", text("document.querySelectorAll('#org-status-box').length"));
        assertEquals(
                "403 NOT_ORGANIZER",
                browser.eval("fetch('/v1/jobs', {headers: {'X-Collab-Dashboard': '1'}})"
                                + ".then(r => r.json().then(b => r.status + ' ' + b.error.code))")
                        .asText());

        signInAs("tok-alice", "human-alice (organizer)");
        open("#/organizer");
        awaitText("the jobs table lists both jobs", "2", "document.querySelectorAll('table.jobs tbody tr').length");
        awaitText(
                "the server's status shows",
                "Nothing needs attention.",
                "document.getElementById('org-status')?.textContent");
        assertTrue(
                text("document.getElementById('org-status-facts').textContent").contains("mem buckets (calls going"),
                text("document.getElementById('org-status-facts').textContent"));
        // A deployment problem appears live, as text, and goes again when it is fixed.
        env.problem.set(java.util.Optional.of("jobs cannot run yet " + XSS));
        awaitText(
                "the problem is listed",
                "jobs cannot run yet " + XSS,
                "document.querySelector('#org-status ul.problems li')?.textContent");
        noInjectedMarkup();
        screenshots("organizer-status", "org-status-box");
        env.problem.set(java.util.Optional.empty());
        awaitText(
                "the problem is gone",
                "Nothing needs attention.",
                "document.getElementById('org-status')?.textContent");
        String jobs = text("document.querySelector('table.jobs').innerText");
        assertTrue(jobs.contains("bench-" + XSS) && jobs.contains("verify-" + XSS), jobs);
        assertTrue(jobs.contains("benchmark") && jobs.contains("verification") && jobs.contains("agent-b"), jobs);
        assertTrue(jobs.contains("running") && jobs.contains("completed") && jobs.contains("warming up " + XSS), jobs);
        assertTrue(jobs.contains("2 min 30 s") && jobs.contains(validResult), jobs);
        assertEquals(
                "0",
                text("document.querySelectorAll('#view-organizer a[href^=\"javascript\"]').length"),
                "a javascript: job URL never becomes a link");
        assertEquals(
                XSS + " 1 10 9,agent-b 1 10 9",
                text("Array.from(document.querySelectorAll('table.quota-agents tbody tr'))"
                        + ".map(tr => Array.from(tr.cells).slice(0, 4).map(c => c.textContent).join(' ')).join()"));
        assertTrue(text("document.querySelector('table.quota-users').innerText").contains("bob"));
        noInjectedMarkup();
        // Live: a job whose status changes is re-rendered without a reload, and a draft broadcast survives it.
        eval("document.getElementById('broadcast-body').value = 'draft'");
        env.writeSource(
                "agent-b",
                "runs/r1/job_status.json",
                "{\"status\":\"completed\",\"launched_at\":\"2026-06-02T08:00:00.000Z\","
                        + "\"finished_at\":\"2026-06-02T08:01:00.000Z\"}");
        await("the benchmark's new status shows", () -> !text("document.querySelector('table.jobs').innerText")
                .contains("running"));
        assertEquals("draft", text("document.getElementById('broadcast-body').value"));
        eval("document.getElementById('broadcast-body').value = ''");
        screenshots("organizer-jobs", "org-jobs-box");
    }

    @Test
    @Order(21)
    void aResultShowsItsSubmissionAndVerificationRunsWithFilesForOrganizers() throws Exception {
        signInAs("tok-bob", "human-bob");
        open("#/results/" + validResult);
        await("the verification run shows", () -> text("document.getElementById('view-result').innerText")
                .contains("verify-" + XSS));
        String run = text("document.getElementById('verification-runs').innerText");
        assertTrue(run.contains("completed") && run.contains("valid") && run.contains("2 min 30 s"), run);
        assertTrue(run.contains("re-run 10.1 is within 5% of 10 " + XSS), run);
        assertTrue(run.contains("tok/s " + XSS) && run.contains("10.1"), run);
        assertTrue(run.contains("job_logs.txt") && run.contains("out/<img src=x"), run);
        assertEquals(
                "0",
                text("document.querySelectorAll('#verification-runs button.run-file-link').length"),
                "members see the file names but cannot open them");
        assertEquals("0", text("document.querySelectorAll('#view-result a[href^=\"javascript\"]').length"));
        assertEquals(
                "hf://buckets/org/demo-agent-a/submissions/v1",
                text("document.getElementById('submission-uri').textContent"));
        assertEquals(
                "<img src=x onerror=\"window.__pwned=6\">.bin,model.txt",
                text(
                        "Array.from(document.querySelectorAll('table.submission-files code')).map(c => c.textContent).sort().join()"));
        assertEquals(
                "403",
                browser.eval("fetch('/v1/results/" + validResult + "/runs/files/job_logs.txt',"
                                + " {headers: {'X-Collab-Dashboard': '1'}}).then(r => String(r.status))")
                        .asText());
        noInjectedMarkup();

        signInAs("tok-alice", "human-alice (organizer)");
        open("#/results/" + validResult);
        awaitText(
                "organizers can open the run's files (request, status, summary, verdict, logs, output)",
                "6",
                "document.querySelectorAll('#verification-runs button.run-file-link').length");
        eval(
                "Array.from(document.querySelectorAll('button.run-file-link')).find(b => b.textContent === 'job_logs.txt').click()");
        await("the log opens as text", () -> text("document.getElementById('run-file-text')?.textContent")
                .contains("re-ran the benchmark\n" + XSS));
        eval(
                "Array.from(document.querySelectorAll('button.run-file-link')).find(b => b.textContent.startsWith('out/')).click()");
        awaitText("the output file opens", "output", "document.getElementById('run-file-text')?.textContent");
        noInjectedMarkup();
        screenshots("result-runs", "verification-runs");

        open("#/results/" + invalidResult);
        await("a result without a run says so", () -> text("document.getElementById('no-runs')?.textContent")
                .contains("no re-run is recorded"));
    }

    @Test
    @Order(22)
    void anOrganizerGivesAVerdictOnTheResultPageAndMembersSeeNoForm() throws Exception {
        signInAs("tok-bob", "human-bob");
        open("#/results/" + invalidResult);
        await("the result page shows", () -> text("document.getElementById('view-result').innerText")
                .contains("Verification reports"));
        assertEquals("null", text("String(document.getElementById('verdict-form'))"), "members get no verdict form");
        assertEquals(
                "0",
                text("Array.from(document.getElementById('view-result').childNodes)"
                        + ".filter(n => n.nodeType === Node.TEXT_NODE).length"),
                "a result without a submission leaves no stray text where that card would be");

        signInAs("tok-alice", "human-alice (organizer)");
        open("#/results/" + invalidResult);
        await("the verdict form shows", () -> visible("verdict-form"));
        select("verdict-choice", "valid");
        typeInto("verdict-reason", "re-ran it myself: 11.9 tok/s");
        eval("document.querySelector('#verdict-form button[type=submit]').click()");
        awaitText(
                "the verdict is recorded",
                "invalid → valid, announced on the board",
                "document.getElementById('verdict-status').textContent");
        assertEquals(
                "valid", env.service.anonymous().results().get(invalidResult).verification());
        await("the page shows the new state", () -> text("document.querySelector('#view-result .badge').textContent")
                .equals("valid"));
        await(
                "the announcement is among the result's reports",
                () -> text("document.getElementById('view-result').innerText")
                        .contains("was checked by human-alice (organizer): VERIFIED VALID"));
        screenshots("result-verdict", "verdict-form");
    }

    // ---- helpers -----------------------------------------------------------------------------------------
    private void check(String id, boolean on) throws Exception {
        eval("(() => { const c = document.getElementById('" + id + "'); if (c.checked !== " + on + ") c.click(); })()");
    }

    private void select(String id, String value) throws Exception {
        eval("(() => { const s = document.getElementById('" + id + "'); s.value = '" + value + "';"
                + " s.dispatchEvent(new Event('change')); })()");
    }

    private void key(String id, String key) throws Exception {
        eval("document.getElementById('" + id + "').dispatchEvent(new KeyboardEvent('keydown', {key: '" + key
                + "', bubbles: true, cancelable: true}))");
    }

    private void noInjectedMarkup() throws Exception {
        assertEquals("undefined", text("typeof window.__pwned"), "injected markup ran");
        assertEquals(
                "0",
                text("Array.from(document.querySelectorAll('main img, header img, main script'))"
                        + ".filter(e => !e.closest('canvas')).length"));
    }

    private void screenshots(String name) throws Exception {
        screenshots(name, null);
    }

    /** Screenshots at 1400 px and 390 px, with an element scrolled into view first (null: the top). */
    private void screenshots(String name, String scrollTo) throws Exception {
        String scroll = scrollTo == null
                ? "window.scrollTo(0, 0)"
                : "document.getElementById('" + scrollTo + "').scrollIntoView()";
        eval(scroll);
        browser.screenshot(SHOTS.resolve(name + "-1400.png"));
        System.out.println("screenshot: " + SHOTS.resolve(name + "-1400.png").toAbsolutePath());
        browser.viewport(390, 844, true);
        Thread.sleep(300); // let the layout and the chart settle at the new width
        eval(scroll);
        browser.screenshot(SHOTS.resolve(name + "-390.png"));
        System.out.println("screenshot: " + SHOTS.resolve(name + "-390.png").toAbsolutePath());
        browser.viewport(1400, 1000, false);
        Thread.sleep(200);
        eval("window.scrollTo(0, 0)");
    }
}
