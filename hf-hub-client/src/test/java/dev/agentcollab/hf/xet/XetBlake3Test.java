package dev.agentcollab.hf.xet;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * {@link XetHashing}'s keyed BLAKE3, the primitive under every Xet hash, checked against the official BLAKE3 test
 * vectors (BLAKE3-team/BLAKE3 {@code test_vectors/test_vectors.json}, first 32 bytes of {@code keyed_hash}; the
 * vectors print plain hex, so the raw bytes are compared, not Xet's text form).
 */
class XetBlake3Test {

    @ParameterizedTest
    @CsvSource({
        "0, 92b2b75604ed3c761f9d6f62392c8a9227ad0ea3f09573e783f1498a4ed60d26",
        "1, 6d7878dfff2f485635d39013278ae14f1454b8c0a3a2d34bc1ab38228a80c95b",
        "1024, 75c46f6f3d9eb4f55ecaaee480db732e6c2105546f1e675003687c31719c7ba4",
        "1025, 357dc55de0c7e382c900fd6e320acc04146be01db6a8ce7210b7189bd664ea69",
        "7169, ed9b1a922c046fdb3d423ae34e143b05ca1bf28b710432857bf738bcedbfa511"
    })
    void keyedHashMatchesTheOfficialVectors(int length, String expected) {
        byte[] input = new byte[length];
        for (int i = 0; i < length; i++) {
            input[i] = (byte) (i % 251);
        }
        byte[] key = "whats the Elvish word for friend".getBytes(StandardCharsets.US_ASCII);
        assertEquals(
                expected,
                HexFormat.of().formatHex(XetHashing.keyedHash(key, input).bytes()));
    }
}
