package dev.agentcollab.api.bucket.spi;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * The content hash that local backends ({@code mem:}, {@code file:}) report in
 * {@link dev.agentcollab.api.bucket.BucketEntry#contentHash()}: lowercase hex SHA-256. Thread safe (stateless).
 */
public final class ContentHashes {
    private ContentHashes() {}

    /**
     * Hashes bytes.
     *
     * @param bytes the content
     * @return 64 lowercase hex digits
     */
    public static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
