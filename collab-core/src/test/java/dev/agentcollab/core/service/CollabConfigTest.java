package dev.agentcollab.core.service;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.bucket.BucketId;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class CollabConfigTest {

    @Test
    void defaultsFollowTheReference() {
        CollabConfig c = CollabConfig.custom("org", "fast").build();
        assertEquals(BucketId.parse("org/fast-main-bucket"), c.centralBucket());
        assertEquals(BucketId.parse("org/fast-audit"), c.auditBucket());
        assertEquals(20, c.bucketWriteBurst());
        assertEquals(5, c.rawMessagePerMinute());
        assertEquals(Duration.ofSeconds(30), c.listingTtl());
        assertEquals(200, c.expandMaxLimit());
        assertEquals(10, c.mentionFanoutCap());
        assertEquals(BucketId.parse("org/fast-agent-1"), c.agentBucket("agent-1"));
    }

    @Test
    void readsTheEnvironmentAndCopies() {
        CollabConfig c = CollabConfig.fromEnvironment(Map.of(
                "ORG",
                "o",
                "COLLAB_SLUG",
                "s",
                "AUDIT_BUCKET",
                "o/private",
                "RAW_MESSAGE_PER_MINUTE",
                "7",
                "LISTING_TTL_S",
                "0"));
        assertEquals(BucketId.parse("o/private"), c.auditBucket());
        assertEquals(7, c.rawMessagePerMinute());
        assertEquals(Duration.ZERO, c.listingTtl());
        assertEquals(9, c.toBuilder().mentionFanoutCap(9).build().mentionFanoutCap());
        assertEquals(7, c.toBuilder().build().rawMessagePerMinute());
    }

    @Test
    void settersValidateAtOnce() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> CollabConfig.custom("o", "s")
                .expandMaxLimit(0));
        assertEquals("expandMaxLimit must be >= 1, but was 0", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> CollabConfig.custom("o/x", "s"));
        assertThrows(IllegalArgumentException.class, () -> CollabConfig.fromEnvironment(Map.of("ORG", "o")));
    }
}
