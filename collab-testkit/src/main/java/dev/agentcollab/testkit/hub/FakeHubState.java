package dev.agentcollab.testkit.hub;

import dev.agentcollab.api.bucket.BucketId;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.locks.ReadWriteLock;
import java.util.concurrent.locks.ReentrantReadWriteLock;

/**
 * Everything the fake Hub remembers: users and tokens, org roles, buckets, uploaded xorbs and the files that shards
 * registered. Thread safe.
 */
final class FakeHubState {
    /** A Hub account. */
    record User(String name, Map<String, String> orgRoles, Optional<String> email) {}

    /** One file of a bucket. */
    record StoredFile(String xetHash, long size, Instant mtime, Instant uploadedAt) {}

    /** One bucket: its files, sorted by path, and the lock under which one batch call is applied. */
    static final class Bucket {
        final BucketId id;
        final boolean isPrivate;
        final Instant createdAt;
        final ConcurrentSkipListMap<String, StoredFile> files = new ConcurrentSkipListMap<>();
        final ReadWriteLock lock = new ReentrantReadWriteLock();

        Bucket(BucketId id, boolean isPrivate, Instant createdAt) {
            this.id = id;
            this.isPrivate = isPrivate;
            this.createdAt = createdAt;
        }
    }

    final Map<String, String> tokenToUser = new ConcurrentHashMap<>();
    final Map<String, User> users = new ConcurrentHashMap<>();
    final Map<BucketId, Bucket> buckets = new ConcurrentHashMap<>();
    /** File contents registered by shard uploads, by Xet file hash (text form). */
    final Map<String, byte[]> content = new ConcurrentHashMap<>();
    /** The terms of files registered by shard uploads, by Xet file hash (text form). */
    final Map<String, java.util.List<FakeCasShards.Term>> fileTerms = new ConcurrentHashMap<>();
    /** Uploaded xorbs, by xorb hash (text form). */
    final Map<String, FakeCasXorbs.Xorb> xorbs = new ConcurrentHashMap<>();

    /**
     * A Xet token the fake issued: the bucket it is for, when it expires, and its scope: a write token (from
     * {@code xet-write-token}) may use every CAS route, a read token (from {@code xet-read-token}) only the read ones.
     */
    record XetToken(String bucket, java.time.Instant expiresAt, boolean write) {
        /** Checks for nulls. */
        XetToken {
            java.util.Objects.requireNonNull(bucket, "bucket");
            java.util.Objects.requireNonNull(expiresAt, "expiresAt");
        }
    }

    final Map<String, XetToken> xetTokens = new ConcurrentHashMap<>();

    /** How long new Xet tokens live. */
    volatile java.time.Duration xetTokenLifetime = java.time.Duration.ofHours(1);

    /** Whether the CAS serves {@code /v2/shards} and {@code /v2/reconstructions} (else they answer 404). */
    volatile boolean casV2 = true;

    /** The compression xorbs are served with (independent of how they were uploaded). */
    volatile XorbCompression servedScheme = XorbCompression.NONE;

    /** Pre-signed fetch URLs carry the generation they were issued in; older ones answer 403. */
    final java.util.concurrent.atomic.AtomicLong urlGeneration = new java.util.concurrent.atomic.AtomicLong();

    /** How many of the next reconstructions hand out URLs that have expired already. */
    final java.util.concurrent.atomic.AtomicInteger stalePlans = new java.util.concurrent.atomic.AtomicInteger();
    /** Whether each successful xorb fetch expires every URL handed out so far. */
    volatile boolean urlsExpireAfterEachFetch;

    /** One-shot failures of batch operations, by path: the next operation on the path fails with the reason. */
    final Map<String, String> batchFailures = new ConcurrentHashMap<>();

    Optional<User> userOfToken(String token) {
        return Optional.ofNullable(token).map(tokenToUser::get).map(users::get);
    }

    /** The org role of a member who may see none of the org's resources (the Hub's {@code no_access}). */
    static final String NO_ACCESS = "no_access";

    /**
     * Whether the user may write buckets and run jobs in a namespace: its own, or an org where it has a writing role
     * (neither {@code read} nor {@code no_access}).
     */
    static boolean canWrite(User user, String namespace) {
        if (user.name().equals(namespace)) {
            return true;
        }
        String role = user.orgRoles().get(namespace);
        return role != null && !role.equals("read") && !role.equals(NO_ACCESS);
    }

    /**
     * Whether the user may read a bucket: public buckets are readable by anyone, private ones by their owner and by
     * members of their org with any role but {@code no_access}.
     */
    static boolean canRead(Optional<User> user, Bucket bucket) {
        if (!bucket.isPrivate) {
            return true;
        }
        return user.map(u -> u.name().equals(bucket.id.org())
                        || (u.orgRoles().containsKey(bucket.id.org())
                                && !NO_ACCESS.equals(u.orgRoles().get(bucket.id.org()))))
                .orElse(false);
    }
}
