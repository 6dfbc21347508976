package dev.agentcollab.core.http.internal;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * One dashboard sign-in as the server keeps it: the SHA-256 of the session id (the cookie), the method, the expiry,
 * and the bearer token sealed with AES-256-GCM under a key derived from the session id. Only a request that
 * presents the cookie can open the token; the id hash, method and expiry are authenticated as associated data, so
 * an edited expiry does not open either.
 *
 * @param idHash hex SHA-256 of the session id (domain-separated)
 * @param method {@code token} or {@code oauth}
 * @param expires when the session ends
 * @param iv the 12-byte GCM nonce
 * @param sealed the encrypted token with its tag
 */
record SealedSession(String idHash, String method, Instant expires, byte[] iv, byte[] sealed) {
    private static final int TAG_BITS = 128;

    /** Checks for nulls and sizes. */
    SealedSession {
        Objects.requireNonNull(idHash, "idHash");
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(expires, "expires");
        if (iv.length != 12 || sealed.length < TAG_BITS / 8) {
            throw new IllegalArgumentException("malformed sealed session");
        }
        iv = iv.clone();
        sealed = sealed.clone();
    }

    /**
     * Seals a token for a session id.
     *
     * @param id the session id
     * @param token the bearer token
     * @param method the sign-in method
     * @param expires the expiry
     * @param random the nonce source
     * @return the sealed session
     */
    static SealedSession seal(String id, String token, String method, Instant expires, SecureRandom random) {
        byte[] iv = new byte[12];
        random.nextBytes(iv);
        String hash = hash(id);
        try {
            Cipher c = cipher(Cipher.ENCRYPT_MODE, id, iv);
            c.updateAAD(aad(hash, method, expires));
            return new SealedSession(hash, method, expires, iv, c.doFinal(token.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM is not available", e);
        }
    }

    /**
     * Opens the token with the session id.
     *
     * @param id the session id the cookie carried
     * @return the token, or empty when the id does not fit or the record was altered
     */
    Optional<String> open(String id) {
        if (!MessageDigest.isEqual(
                hash(id).getBytes(StandardCharsets.US_ASCII), idHash.getBytes(StandardCharsets.US_ASCII))) {
            return Optional.empty();
        }
        try {
            Cipher c = cipher(Cipher.DECRYPT_MODE, id, iv);
            c.updateAAD(aad(idHash, method, expires));
            return Optional.of(new String(c.doFinal(sealed), StandardCharsets.UTF_8));
        } catch (GeneralSecurityException e) {
            return Optional.empty();
        }
    }

    /**
     * The lookup key of a session id.
     *
     * @param id the session id
     * @return hex SHA-256 of the id, separated from the key derivation
     */
    static String hash(String id) {
        return HexFormat.of().formatHex(sha256("collab-dashboard-session-id\0" + id));
    }

    /** The row written to the session file. */
    Map<String, String> toRow() {
        Map<String, String> row = new LinkedHashMap<>();
        Base64.Encoder b64 = Base64.getEncoder();
        row.put("id_sha256", idHash);
        row.put("method", method);
        row.put("expires", expires.toString());
        row.put("iv", b64.encodeToString(iv));
        row.put("token_sealed", b64.encodeToString(sealed));
        return row;
    }

    /** Reads a row of the session file; throws on anything malformed. */
    static SealedSession fromRow(Map<String, String> row) {
        Base64.Decoder b64 = Base64.getDecoder();
        return new SealedSession(
                Objects.requireNonNull(row.get("id_sha256")),
                Objects.requireNonNull(row.get("method")),
                Instant.parse(Objects.requireNonNull(row.get("expires"))),
                b64.decode(Objects.requireNonNull(row.get("iv"))),
                b64.decode(Objects.requireNonNull(row.get("token_sealed"))));
    }

    private static Cipher cipher(int mode, String id, byte[] iv) throws GeneralSecurityException {
        Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
        c.init(
                mode,
                new SecretKeySpec(sha256("collab-dashboard-session-key\0" + id), "AES"),
                new GCMParameterSpec(TAG_BITS, iv));
        return c;
    }

    private static byte[] aad(String hash, String method, Instant expires) {
        return (hash + "\n" + method + "\n" + expires).getBytes(StandardCharsets.UTF_8);
    }

    private static byte[] sha256(String s) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
