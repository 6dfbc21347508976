package dev.agentcollab.core.service;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.core.service.identity.WriteAuth;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;

/**
 * Immutable settings of a {@link CollabService} (reference §2.1). Build with {@link #custom(String, String)} ({@link CollabConfigBuilder});
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
 * @param contentCacheMaxBytes the heap the content cache may retain ({@code CONTENT_CACHE_MAX_BYTES}, 64 MiB): raw
 *     bodies, their keys and, once read parsed, their documents (strings, frontmatter maps, object headers), as
 *     estimated per entry; a parsed 2 KB message weighs about 5.6 KB
 * @param expandMaxLimit page cap with {@code expand} ({@code EXPAND_MAX_LIMIT}, 200)
 * @param mentionFanoutCap most inbox copies per message ({@code MENTION_FANOUT_CAP}, 10)
 * @param orgRolesTtl how long org roles are cached ({@code ORG_ROLES_TTL_S}, 300 s)
 * @param writeAuth who may write on behalf of a registered agent ({@code WRITE_AUTH}, {@code open}: the reference's
 *     tokenless writes; {@code owner}: the bearer token of the Hub user who registered the agent), see
 *     {@link WriteAuth}
 * @param sourceMaxBytes the largest file of an agent's bucket the service reads to promote it (a message, result,
 *     taskforce file or bio given as {@code source}; {@code SOURCE_MAX_BYTES}, 8 MiB): a larger one is refused with
 *     {@code PAYLOAD_TOO_LARGE} before it is read, so that no agent can fill the server's heap (an extension: the
 *     reference reads any size)
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
        Duration orgRolesTtl,
        WriteAuth writeAuth,
        long sourceMaxBytes) {

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
        Objects.requireNonNull(writeAuth, "writeAuth");
        positive("sourceMaxBytes", sourceMaxBytes);
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
    public static CollabConfigBuilder custom(String org, String collabSlug) {
        return new CollabConfigBuilder(org, collabSlug);
    }

    /**
     * Reads the reference's environment variables ({@code ORG}, {@code COLLAB_SLUG}, {@code AUDIT_BUCKET},
     * {@code CENTRAL_BUCKET}, the limits above, {@code WRITE_AUTH}); absent ones keep their defaults.
     *
     * @param env the variables, e.g. {@code System.getenv()}
     * @return the configuration
     * @throws IllegalArgumentException when {@code ORG} or {@code COLLAB_SLUG} is missing, a number is malformed or
     *     {@code WRITE_AUTH} is neither {@code open} nor {@code owner}
     */
    public static CollabConfig fromEnvironment(Map<String, String> env) {
        String org = env.get("ORG");
        String slug = env.get("COLLAB_SLUG");
        if (org == null || slug == null) {
            throw new IllegalArgumentException("ORG and COLLAB_SLUG must be set");
        }
        CollabConfigBuilder b = custom(org, slug);
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
        if (env.containsKey("WRITE_AUTH")) {
            b.writeAuth(WriteAuth.parse(env.get("WRITE_AUTH")));
        }
        if (env.containsKey("SOURCE_MAX_BYTES")) {
            b.sourceMaxBytes(Long.parseLong(env.get("SOURCE_MAX_BYTES").strip()));
        }
        return b.build();
    }

    /**
     * A builder holding this configuration's values.
     *
     * @return a builder to tweak a copy
     */
    public CollabConfigBuilder toBuilder() {
        return new CollabConfigBuilder(this);
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
}
