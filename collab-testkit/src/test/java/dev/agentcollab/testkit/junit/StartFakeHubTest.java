package dev.agentcollab.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.platform.engine.discovery.DiscoverySelectors.selectClass;

import dev.agentcollab.testkit.hub.FakeHfHub;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.platform.launcher.core.LauncherDiscoveryRequestBuilder;
import org.junit.platform.launcher.core.LauncherFactory;
import org.junit.platform.launcher.listeners.SummaryGeneratingListener;
import org.junit.platform.launcher.listeners.TestExecutionSummary;

/**
 * The annotation fills static fields once per class and instance fields once per test, and closes every hub. The
 * checks span several tests, so they run {@link Fixture} through the JUnit launcher and look at what all its tests saw:
 * this test passes only when the whole sequence ran, whichever tests of the build are selected.
 */
class StartFakeHubTest {
    @Test
    @Timeout(60)
    void staticHubsAreSharedInstanceHubsAreFreshAndAllAreClosedAfterwards() {
        Fixture.SHARED.clear();
        Fixture.PER_TEST.clear();
        SummaryGeneratingListener listener = new SummaryGeneratingListener();
        Fixture.launched = true;
        try {
            LauncherFactory.create()
                    .execute(
                            LauncherDiscoveryRequestBuilder.request()
                                    .selectors(selectClass(Fixture.class))
                                    .build(),
                            listener);
        } finally {
            Fixture.launched = false;
        }
        TestExecutionSummary summary = listener.getSummary();
        assertEquals(
                List.of(),
                summary.getFailures().stream()
                        .map(f -> f.getException().toString())
                        .toList());
        assertEquals(3, summary.getTestsSucceededCount());
        assertEquals(3, Fixture.SHARED.size());
        assertEquals(3, Fixture.PER_TEST.size());
        Set<FakeHfHub> distinct = Collections.newSetFromMap(new IdentityHashMap<>());
        distinct.addAll(Fixture.PER_TEST);
        assertEquals(3, distinct.size(), "each test gets its own instance hub");
        for (FakeHfHub hub : Fixture.SHARED) {
            assertSame(Fixture.SHARED.getFirst(), hub, "one static hub for the class");
            assertNotSame(hub, Fixture.PER_TEST.getFirst());
        }
        List<FakeHfHub> all = new ArrayList<>(Fixture.PER_TEST);
        all.add(Fixture.SHARED.getFirst());
        for (FakeHfHub hub : all) {
            assertThrows(IOException.class, () -> new Socket("127.0.0.1", hub.port()).close(), "hub still open");
        }
    }

    /** Run only by the test above, through the launcher. */
    @EnabledIf("launchedByTheTest")
    @TestMethodOrder(MethodOrderer.OrderAnnotation.class)
    static class Fixture {
        static final List<FakeHfHub> SHARED = new ArrayList<>();
        static final List<FakeHfHub> PER_TEST = new ArrayList<>();
        static volatile boolean launched;

        @StartFakeHub
        static FakeHfHub shared;

        @StartFakeHub(treePageSize = 3)
        FakeHfHub perTest;

        static boolean launchedByTheTest() {
            return launched;
        }

        @Test
        @Order(1)
        void fieldsAreFilledWithRunningHubs() throws Exception {
            record();
            HttpResponse<String> r = HttpClient.newHttpClient()
                    .send(
                            HttpRequest.newBuilder(perTest.endpoint().resolve("/api/whoami-v2"))
                                    .build(),
                            HttpResponse.BodyHandlers.ofString());
            assertEquals(401, r.statusCode());
        }

        @Test
        @Order(2)
        void theHubOfTheFinishedTestIsClosedAndTheSharedOneStillRuns() throws Exception {
            record();
            FakeHfHub previous = PER_TEST.get(PER_TEST.size() - 2);
            assertThrows(IOException.class, () -> new Socket("127.0.0.1", previous.port()).close());
            new Socket("127.0.0.1", shared.port()).close();
        }

        @Test
        @Order(3)
        void aThirdTestGetsYetAnotherHub() {
            record();
        }

        private void record() {
            assertNotNull(shared);
            assertNotNull(perTest);
            SHARED.add(shared);
            PER_TEST.add(perTest);
        }
    }
}
