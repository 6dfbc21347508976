package dev.agentcollab.core.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.agentcollab.api.agent.RegisterRequest;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.nio.file.Files;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * Loads the dashboard in headless Chromium from a real server on loopback, posts a message through the API and
 * sees it appear in the page with its @-mention highlighted. Runs whenever {@code /usr/bin/chromium} exists (CI
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
        }
    }

    private static String text(HeadlessChromium browser, String expression) {
        try {
            return browser.eval(expression).asText("");
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
