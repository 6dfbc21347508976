package dev.agentcollab.hf.xet;

import java.util.Arrays;
import java.util.HexFormat;

/**
 * A 32-byte Xet hash (chunk, xorb, file or verification hash), kept in its wire byte order.
 *
 * <p>Its text form is Xet's, not plain hex: each 8-byte group is read as a little-endian unsigned 64-bit number
 * and printed as 16 hex digits, the four groups in order. That string names xorbs in CAS routes and files in
 * {@code addFile} batch lines.
 *
 * @param bytes the 32 raw bytes (copied in and out)
 */
public record XetHash(byte[] bytes) {
    /** The hash length in bytes. */
    public static final int LENGTH = 32;

    /** The all-zero hash: Xet's hash of an empty xorb or an empty file. */
    public static final XetHash ZERO = new XetHash(new byte[LENGTH]);

    /** Checks the length and copies the bytes. */
    public XetHash {
        if (bytes == null || bytes.length != LENGTH) {
            throw new IllegalArgumentException("a Xet hash has " + LENGTH + " bytes");
        }
        bytes = bytes.clone();
    }

    /**
     * Parses the Xet text form.
     *
     * @param hex 64 hex digits as printed by {@link #hex()}
     * @return the hash
     * @throws IllegalArgumentException when the text is not 64 hex digits
     */
    public static XetHash fromHex(String hex) {
        if (hex == null || hex.length() != 2 * LENGTH || !hex.chars().allMatch(c -> Character.digit(c, 16) >= 0)) {
            throw new IllegalArgumentException("not a Xet hash: '" + hex + "'");
        }
        byte[] plain = HexFormat.of().parseHex(hex);
        return new XetHash(swapGroups(plain));
    }

    /**
     * The Xet text form (see the type comment).
     *
     * @return 64 lower-case hex digits
     */
    public String hex() {
        return HexFormat.of().formatHex(swapGroups(bytes));
    }

    /**
     * The raw bytes.
     *
     * @return a copy of the 32 bytes
     */
    @Override
    public byte[] bytes() {
        return bytes.clone();
    }

    /**
     * The last 8-byte group as a little-endian number, which Xet's Merkle tree uses to cut groups.
     *
     * @return the fourth 64-bit word
     */
    long lastWord() {
        long v = 0;
        for (int i = LENGTH - 1; i >= LENGTH - 8; i--) {
            v = (v << 8) | (bytes[i] & 0xFF);
        }
        return v;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof XetHash h && Arrays.equals(bytes, h.bytes);
    }

    @Override
    public int hashCode() {
        return Arrays.hashCode(bytes);
    }

    @Override
    public String toString() {
        return hex();
    }

    private static byte[] swapGroups(byte[] in) {
        byte[] out = new byte[LENGTH];
        for (int g = 0; g < LENGTH; g += 8) {
            for (int i = 0; i < 8; i++) {
                out[g + i] = in[g + 7 - i];
            }
        }
        return out;
    }
}
