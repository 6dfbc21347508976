package dev.agentcollab.core.service;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.core.service.identity.WriteAuth;
import java.time.Duration;
import java.util.Objects;

/** Builds a {@link CollabConfig}; validates each value as it is set. Not thread safe. */
public final class CollabConfigBuilder {
    private final String org;
    private final String collabSlug;
    private BucketId centralBucket;
    private BucketId auditBucket;
    private int bucketWriteBurst = 20;
    private int bucketWritePerMinute = 60;
    private int rawMessagePerMinute = 5;
    private int rawMessagePerHour = 30;
    private int registrationPerMinute = 3;
    private int dedupLruSize = 10_000;
    private Duration listingTtl = Duration.ofSeconds(30);
    private long contentCacheMaxBytes = 64L * 1024 * 1024;
    private int expandMaxLimit = 200;
    private int mentionFanoutCap = 10;
    private Duration orgRolesTtl = Duration.ofSeconds(300);
    private WriteAuth writeAuth = WriteAuth.OPEN;
    private long sourceMaxBytes = 8L * 1024 * 1024;

    CollabConfigBuilder(String org, String collabSlug) {
        this.org = requireId("org", org);
        this.collabSlug = requireId("collabSlug", collabSlug);
        this.centralBucket = new BucketId(org, collabSlug + "-main-bucket");
        this.auditBucket = new BucketId(org, collabSlug + "-audit");
    }

    CollabConfigBuilder(CollabConfig c) {
        this(c.org(), c.collabSlug());
        centralBucket = c.centralBucket();
        auditBucket = c.auditBucket();
        bucketWriteBurst = c.bucketWriteBurst();
        bucketWritePerMinute = c.bucketWritePerMinute();
        rawMessagePerMinute = c.rawMessagePerMinute();
        rawMessagePerHour = c.rawMessagePerHour();
        registrationPerMinute = c.registrationPerMinute();
        dedupLruSize = c.dedupLruSize();
        listingTtl = c.listingTtl();
        contentCacheMaxBytes = c.contentCacheMaxBytes();
        expandMaxLimit = c.expandMaxLimit();
        mentionFanoutCap = c.mentionFanoutCap();
        orgRolesTtl = c.orgRolesTtl();
        writeAuth = c.writeAuth();
        sourceMaxBytes = c.sourceMaxBytes();
    }

    private static String requireId(String name, String value) {
        Objects.requireNonNull(value, name);
        if (value.isBlank() || value.contains("/")) {
            throw new IllegalArgumentException(name + " must be a non-blank name without '/', but was '" + value + "'");
        }
        return value;
    }

    /**
     * Sets the central bucket.
     *
     * @param value the bucket
     * @return this builder
     */
    public CollabConfigBuilder centralBucket(BucketId value) {
        centralBucket = Objects.requireNonNull(value, "centralBucket");
        return this;
    }

    /**
     * Sets the audit bucket.
     *
     * @param value the bucket
     * @return this builder
     */
    public CollabConfigBuilder auditBucket(BucketId value) {
        auditBucket = Objects.requireNonNull(value, "auditBucket");
        return this;
    }

    /**
     * Sets the burst of the bucket-write limiter.
     *
     * @param value the value
     * @return this builder
     */
    public CollabConfigBuilder bucketWriteBurst(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("bucketWriteBurst must be >= 1, but was " + value);
        }
        bucketWriteBurst = value;
        return this;
    }

    /**
     * Sets the sustained bucket writes per minute.
     *
     * @param value the value
     * @return this builder
     */
    public CollabConfigBuilder bucketWritePerMinute(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("bucketWritePerMinute must be >= 1, but was " + value);
        }
        bucketWritePerMinute = value;
        return this;
    }

    /**
     * Sets the raw posts per minute per agent.
     *
     * @param value the value
     * @return this builder
     */
    public CollabConfigBuilder rawMessagePerMinute(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("rawMessagePerMinute must be >= 1, but was " + value);
        }
        rawMessagePerMinute = value;
        return this;
    }

    /**
     * Sets the raw posts per hour per agent.
     *
     * @param value the value
     * @return this builder
     */
    public CollabConfigBuilder rawMessagePerHour(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("rawMessagePerHour must be >= 1, but was " + value);
        }
        rawMessagePerHour = value;
        return this;
    }

    /**
     * Sets the registrations per minute per agent id.
     *
     * @param value the value
     * @return this builder
     */
    public CollabConfigBuilder registrationPerMinute(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("registrationPerMinute must be >= 1, but was " + value);
        }
        registrationPerMinute = value;
        return this;
    }

    /**
     * Sets the promotion-dedup entries kept.
     *
     * @param value the value
     * @return this builder
     */
    public CollabConfigBuilder dedupLruSize(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("dedupLruSize must be >= 1, but was " + value);
        }
        dedupLruSize = value;
        return this;
    }

    /**
     * Sets the how long a cached listing is served.
     *
     * @param value the value
     * @return this builder
     */
    public CollabConfigBuilder listingTtl(Duration value) {
        Objects.requireNonNull(value, "listingTtl");
        if (value.isNegative()) {
            throw new IllegalArgumentException("listingTtl must be >= 0, but was " + value);
        }
        listingTtl = value;
        return this;
    }

    /**
     * Sets the heap the content cache may retain, in bytes: raw bodies and, once parsed, their documents, as
     * estimated per entry (see {@link CollabConfig}).
     *
     * @param value the value
     * @return this builder
     */
    public CollabConfigBuilder contentCacheMaxBytes(long value) {
        if (value < 1) {
            throw new IllegalArgumentException("contentCacheMaxBytes must be >= 1, but was " + value);
        }
        contentCacheMaxBytes = value;
        return this;
    }

    /**
     * Sets the page cap with expand.
     *
     * @param value the value
     * @return this builder
     */
    public CollabConfigBuilder expandMaxLimit(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("expandMaxLimit must be >= 1, but was " + value);
        }
        expandMaxLimit = value;
        return this;
    }

    /**
     * Sets the most inbox copies per message.
     *
     * @param value the value
     * @return this builder
     */
    public CollabConfigBuilder mentionFanoutCap(int value) {
        if (value < 1) {
            throw new IllegalArgumentException("mentionFanoutCap must be >= 1, but was " + value);
        }
        mentionFanoutCap = value;
        return this;
    }

    /**
     * Sets the how long org roles are cached.
     *
     * @param value the value
     * @return this builder
     */
    public CollabConfigBuilder orgRolesTtl(Duration value) {
        Objects.requireNonNull(value, "orgRolesTtl");
        if (value.isNegative()) {
            throw new IllegalArgumentException("orgRolesTtl must be >= 0, but was " + value);
        }
        orgRolesTtl = value;
        return this;
    }

    /**
     * Sets who may write on behalf of a registered agent (default {@link WriteAuth#OPEN}, the reference's
     * behaviour). {@link WriteAuth#OWNER} requires the bearer token of the Hub user who registered the agent on
     * every write attributed to it (raw and bucket-source messages, notes, taskforces, results, syncs, traces).
     *
     * @param value the policy
     * @return this builder
     */
    public CollabConfigBuilder writeAuth(WriteAuth value) {
        writeAuth = Objects.requireNonNull(value, "writeAuth");
        return this;
    }

    /**
     * Sets the largest bucket file the service reads to promote it (default 8 MiB); a larger source is refused with
     * {@code PAYLOAD_TOO_LARGE} before it is read.
     *
     * @param value at least 1
     * @return this builder
     */
    public CollabConfigBuilder sourceMaxBytes(long value) {
        if (value < 1) {
            throw new IllegalArgumentException("sourceMaxBytes must be >= 1, but was " + value);
        }
        sourceMaxBytes = value;
        return this;
    }

    /**
     * Builds the configuration.
     *
     * @return the immutable configuration
     */
    public CollabConfig build() {
        return new CollabConfig(
                org,
                collabSlug,
                centralBucket,
                auditBucket,
                bucketWriteBurst,
                bucketWritePerMinute,
                rawMessagePerMinute,
                rawMessagePerHour,
                registrationPerMinute,
                dedupLruSize,
                listingTtl,
                contentCacheMaxBytes,
                expandMaxLimit,
                mentionFanoutCap,
                orgRolesTtl,
                writeAuth,
                sourceMaxBytes);
    }
}
