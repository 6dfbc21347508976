package dev.agentcollab.core.service;

import dev.agentcollab.api.bucket.BucketId;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Immutable settings of a {@link CollabService} (reference §2.1). Build with {@link #custom(String, String)};
 * {@link #fromEnvironment(Map)} reads the reference's environment variable names. Setters validate at once.
 *
 * @param org the organisation that owns every bucket ({@code ORG})
 * @param collabSlug the collaboration's slug ({@code COLLAB_SLUG}); agent buckets are {@code <org>/<slug>-<id>}
 * @param centralBucket the central bucket ({@code CENTRAL_BUCKET}, default {@code <org>/<slug>-main-bucket})
 * @param auditBucket the private audit bucket ({@code AUDIT_BUCKET}, default {@code <org>/<slug>-audit})
 * @param bucketWriteBurst burst of the bucket-write limiter ({@code BUCKET_WRITE_BURST}, 20)
 * @param bucketWritePerMinute sustained bucket-write rate ({@code BUCKET_WRITE_PER_MINUTE}, 60)
 * @param rawMessagePerMinute raw posts per minute ({@code RAW_MESSAGE_PER_MINUTE}, 5)
 * @param rawMessagePerHour raw posts per hour ({@code RAW_MESSAGE_PER_HOUR}, 30)
 * @param registrationPerMinute registrations per minute per id ({@code REGISTRATION_PER_MINUTE}, 3)
 * @param dedupLruSize promotion-dedup entries ({@code DEDUP_LRU_SIZE}, 10000)
 * @param listingTtl how long a cached listing is served ({@code LISTING_TTL_S}, 30 s)
 * @param contentCacheMaxBytes parsed-content cache size ({@code CONTENT_CACHE_MAX_BYTES}, 64 MiB)
 * @param expandMaxLimit page cap with {@code expand} ({@code EXPAND_MAX_LIMIT}, 200)
 * @param mentionFanoutCap most inbox copies per message ({@code MENTION_FANOUT_CAP}, 10)
 * @param orgRolesTtl how long org roles are cached ({@code ORG_ROLES_TTL_S}, 300 s)
 */
public record CollabConfig(
        String org,
        String collabSlug,
        BucketId centralBucket,
        BucketId auditBucket,
        int bucketWriteBurst,
        int bucketWritePerMinute,
        int rawMessagePerMinute,
        int rawMessagePerHour,
        int registrationPerMinute,
        int dedupLruSize,
        Duration listingTtl,
        long contentCacheMaxBytes,
        int expandMaxLimit,
        int mentionFanoutCap,
        Duration orgRolesTtl) {

    /** Validates every field. */
    public CollabConfig {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(collabSlug, "collabSlug");
        Objects.requireNonNull(centralBucket, "centralBucket");
        Objects.requireNonNull(auditBucket, "auditBucket");
        positive("bucketWriteBurst", bucketWriteBurst);
        positive("bucketWritePerMinute", bucketWritePerMinute);
        positive("rawMessagePerMinute", rawMessagePerMinute);
        positive("rawMessagePerHour", rawMessagePerHour);
        positive("registrationPerMinute", registrationPerMinute);
        positive("dedupLruSize", dedupLruSize);
        positive("expandMaxLimit", expandMaxLimit);
        positive("mentionFanoutCap", mentionFanoutCap);
        positive("contentCacheMaxBytes", contentCacheMaxBytes);
        notNegative("listingTtl", listingTtl);
        notNegative("orgRolesTtl", orgRolesTtl);
    }

    private static void positive(String name, long value) {
        if (value < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, but was " + value);
        }
    }

    private static void notNegative(String name, Duration value) {
        Objects.requireNonNull(value, name);
        if (value.isNegative()) {
            throw new IllegalArgumentException(name + " must be >= 0, but was " + value);
        }
    }

    /**
     * Starts a configuration with the reference defaults.
     *
     * @param org the organisation
     * @param collabSlug the collaboration slug
     * @return a builder
     */
    public static Builder custom(String org, String collabSlug) {
        return new Builder(org, collabSlug);
    }

    /**
     * Reads the reference's environment variables ({@code ORG}, {@code COLLAB_SLUG}, {@code AUDIT_BUCKET},
     * {@code CENTRAL_BUCKET}, the limits above); absent ones keep their defaults.
     *
     * @param env the variables, e.g. {@code System.getenv()}
     * @return the configuration
     * @throws IllegalArgumentException when {@code ORG} or {@code COLLAB_SLUG} is missing or a number is malformed
     */
    public static CollabConfig fromEnvironment(Map<String, String> env) {
        String org = env.get("ORG");
        String slug = env.get("COLLAB_SLUG");
        if (org == null || slug == null) {
            throw new IllegalArgumentException("ORG and COLLAB_SLUG must be set");
        }
        Builder b = custom(org, slug);
        Function<String, Integer> num = k -> Integer.parseInt(env.get(k).strip());
        if (env.containsKey("CENTRAL_BUCKET")) {
            b.centralBucket(BucketId.parse(env.get("CENTRAL_BUCKET")));
        }
        if (env.containsKey("AUDIT_BUCKET")) {
            b.auditBucket(BucketId.parse(env.get("AUDIT_BUCKET")));
        }
        if (env.containsKey("BUCKET_WRITE_BURST")) {
            b.bucketWriteBurst(num.apply("BUCKET_WRITE_BURST"));
        }
        if (env.containsKey("BUCKET_WRITE_PER_MINUTE")) {
            b.bucketWritePerMinute(num.apply("BUCKET_WRITE_PER_MINUTE"));
        }
        if (env.containsKey("RAW_MESSAGE_PER_MINUTE")) {
            b.rawMessagePerMinute(num.apply("RAW_MESSAGE_PER_MINUTE"));
        }
        if (env.containsKey("RAW_MESSAGE_PER_HOUR")) {
            b.rawMessagePerHour(num.apply("RAW_MESSAGE_PER_HOUR"));
        }
        if (env.containsKey("REGISTRATION_PER_MINUTE")) {
            b.registrationPerMinute(num.apply("REGISTRATION_PER_MINUTE"));
        }
        if (env.containsKey("DEDUP_LRU_SIZE")) {
            b.dedupLruSize(num.apply("DEDUP_LRU_SIZE"));
        }
        if (env.containsKey("LISTING_TTL_S")) {
            b.listingTtl(Duration.ofSeconds(num.apply("LISTING_TTL_S")));
        }
        if (env.containsKey("CONTENT_CACHE_MAX_BYTES")) {
            b.contentCacheMaxBytes(
                    Long.parseLong(env.get("CONTENT_CACHE_MAX_BYTES").strip()));
        }
        if (env.containsKey("EXPAND_MAX_LIMIT")) {
            b.expandMaxLimit(num.apply("EXPAND_MAX_LIMIT"));
        }
        if (env.containsKey("MENTION_FANOUT_CAP")) {
            b.mentionFanoutCap(num.apply("MENTION_FANOUT_CAP"));
        }
        if (env.containsKey("ORG_ROLES_TTL_S")) {
            b.orgRolesTtl(Duration.ofSeconds(num.apply("ORG_ROLES_TTL_S")));
        }
        return b.build();
    }

    /**
     * A builder holding this configuration's values.
     *
     * @return a builder to tweak a copy
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    /**
     * The scratch bucket of an agent.
     *
     * @param agentId the agent id
     * @return {@code <org>/<slug>-<agentId>}
     */
    public BucketId agentBucket(String agentId) {
        return new BucketId(org, agentBucketName(agentId));
    }

    /**
     * The scratch bucket name of an agent, the bucket-write limiter key.
     *
     * @param agentId the agent id
     * @return {@code <slug>-<agentId>}
     */
    public String agentBucketName(String agentId) {
        return collabSlug + "-" + agentId;
    }

    /** Builds a {@link CollabConfig}; validates each value as it is set. Not thread safe. */
    public static final class Builder {
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

        private Builder(String org, String collabSlug) {
            this.org = requireId("org", org);
            this.collabSlug = requireId("collabSlug", collabSlug);
            this.centralBucket = new BucketId(org, collabSlug + "-main-bucket");
            this.auditBucket = new BucketId(org, collabSlug + "-audit");
        }

        private Builder(CollabConfig c) {
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
        }

        private static String requireId(String name, String value) {
            Objects.requireNonNull(value, name);
            if (value.isBlank() || value.contains("/")) {
                throw new IllegalArgumentException(
                        name + " must be a non-blank name without '/', but was '" + value + "'");
            }
            return value;
        }

        /**
         * Sets the central bucket.
         *
         * @param value the bucket
         * @return this builder
         */
        public Builder centralBucket(BucketId value) {
            centralBucket = Objects.requireNonNull(value, "centralBucket");
            return this;
        }

        /**
         * Sets the audit bucket.
         *
         * @param value the bucket
         * @return this builder
         */
        public Builder auditBucket(BucketId value) {
            auditBucket = Objects.requireNonNull(value, "auditBucket");
            return this;
        }

        /**
         * Sets the burst of the bucket-write limiter.
         *
         * @param value the value
         * @return this builder
         */
        public Builder bucketWriteBurst(int value) {
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
        public Builder bucketWritePerMinute(int value) {
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
        public Builder rawMessagePerMinute(int value) {
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
        public Builder rawMessagePerHour(int value) {
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
        public Builder registrationPerMinute(int value) {
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
        public Builder dedupLruSize(int value) {
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
        public Builder listingTtl(Duration value) {
            Objects.requireNonNull(value, "listingTtl");
            if (value.isNegative()) {
                throw new IllegalArgumentException("listingTtl must be >= 0, but was " + value);
            }
            listingTtl = value;
            return this;
        }

        /**
         * Sets the parsed-content cache size in bytes.
         *
         * @param value the value
         * @return this builder
         */
        public Builder contentCacheMaxBytes(long value) {
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
        public Builder expandMaxLimit(int value) {
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
        public Builder mentionFanoutCap(int value) {
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
        public Builder orgRolesTtl(Duration value) {
            Objects.requireNonNull(value, "orgRolesTtl");
            if (value.isNegative()) {
                throw new IllegalArgumentException("orgRolesTtl must be >= 0, but was " + value);
            }
            orgRolesTtl = value;
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
                    orgRolesTtl);
        }
    }
}
