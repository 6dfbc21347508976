package dev.agentcollab.testkit.junit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.testkit.hub.FakeHfHub;
import java.io.IOException;
import java.net.Socket;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/** The annotation fills static fields once per class and instance fields once per test. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class StartFakeHubTest {
    private static final Set<FakeHfHub> SEEN = new HashSet<>();
    private static int firstPerTestPort;

    @StartFakeHub
    static FakeHfHub shared;

    @StartFakeHub(treePageSize = 3)
    FakeHfHub perTest;

    @Test
    @Order(1)
    void fieldsAreFilledWithRunningHubs() throws Exception {
        assertNotNull(shared);
        assertNotNull(perTest);
        assertNotSame(shared, perTest);
        HttpResponse<String> r = HttpClient.newHttpClient()
                .send(
                        HttpRequest.newBuilder(perTest.endpoint().resolve("/api/whoami-v2"))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
        assertEquals(401, r.statusCode());
        SEEN.add(shared);
        SEEN.add(perTest);
        firstPerTestPort = perTest.port();
    }

    @Test
    @Order(2)
    void theStaticHubIsSharedAndTheInstanceHubIsFresh() {
        assertEquals(true, SEEN.contains(shared));
        assertEquals(false, SEEN.contains(perTest));
    }

    @Test
    @Order(3)
    void theHubOfAFinishedTestWasClosed() {
        assertThrows(IOException.class, () -> new Socket("127.0.0.1", firstPerTestPort).close());
    }
}
