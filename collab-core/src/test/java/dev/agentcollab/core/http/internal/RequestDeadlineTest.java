package dev.agentcollab.core.http.internal;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.eclipse.jetty.util.thread.ScheduledExecutorScheduler;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** A request's deadline cuts once, later for a download, never after the request ended. */
class RequestDeadlineTest {
    private final ScheduledExecutorScheduler scheduler = new ScheduledExecutorScheduler();

    @BeforeEach
    void start() throws Exception {
        scheduler.start();
    }

    @AfterEach
    void stop() throws Exception {
        scheduler.stop();
    }

    @Test
    void cutsAtTheRequestTimeout() throws Exception {
        CountDownLatch cut = new CountDownLatch(1);
        RequestDeadline.start(scheduler, Duration.ofMillis(50), cut::countDown);
        assertTrue(cut.await(5, TimeUnit.SECONDS));
    }

    @Test
    void aDownloadGetsItsLengthAtTheMinimumRate() throws Exception {
        CountDownLatch cut = new CountDownLatch(1);
        RequestDeadline deadline = RequestDeadline.start(scheduler, Duration.ofMillis(50), cut::countDown);
        deadline.allowDownload(RequestDeadline.MIN_DOWNLOAD_RATE * 2); // two seconds more
        assertFalse(cut.await(1, TimeUnit.SECONDS), "cut before the download's share of time");
        assertTrue(cut.await(5, TimeUnit.SECONDS), "never cut");
    }

    @Test
    void anEndedRequestIsNeverCut() throws Exception {
        CountDownLatch cut = new CountDownLatch(1);
        RequestDeadline deadline = RequestDeadline.start(scheduler, Duration.ofMillis(50), cut::countDown);
        deadline.cancel();
        deadline.allowDownload(1); // after the end: no new firing
        assertFalse(cut.await(300, TimeUnit.MILLISECONDS));
    }
}
