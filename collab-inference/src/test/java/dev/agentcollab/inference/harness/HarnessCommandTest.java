package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.inference.cli.Commands;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code collab harness} argument errors: one line naming the problem and exit 2, before anything runs. */
class HarnessCommandTest {
    @TempDir
    Path tmp;

    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final ByteArrayOutputStream err = new ByteArrayOutputStream();

    private int run(String... extra) {
        List<String> args = new ArrayList<>(List.of(
                "--submission-dir",
                tmp.resolve("sub").toString(),
                "--state-dir",
                tmp.resolve("state").toString()));
        args.addAll(List.of(extra));
        PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8);
        return Commands.execute(
                new HarnessCommand(Map.of(), o, e, Ticker.system(), InstantSource.system()),
                args.toArray(String[]::new),
                o,
                e);
    }

    private String oneLineError() {
        String e = err.toString(StandardCharsets.UTF_8).strip();
        assertEquals(1, e.lines().count(), e);
        assertFalse(e.contains("Exception"), e);
        return e;
    }

    @Test
    void aScoreFieldCollidingWithAnotherKeyIsRefused() {
        for (String field : List.of("ppl", "speedup", "accuracy", "quality")) {
            err.reset();
            assertEquals(2, run("--score-field", field), field);
            String e = oneLineError();
            assertTrue(e.contains("--score-field '" + field + "' is a key the harness writes itself"), e);
            assertTrue(e.contains("reserved: acceptance_rate, accuracy, accuracy_items"), e);
        }
        assertFalse(Files.exists(tmp.resolve("state/summary.json")), "refused before the run");
    }

    @Test
    void badValuesAreOneLineUsageErrors() {
        List<List<String>> cases = List.of(
                List.of("--max-seq", "0", "--max-seq must be >= 2, but was 0"),
                List.of("--max-seq", "1", "--max-seq must be >= 2, but was 1"),
                List.of(
                        "--ppl-tolerance",
                        "Infinity",
                        "(--ppl-tolerance) must be a finite number >= 0, but was Infinity"),
                List.of("--ppl-tolerance", "NaN", "(--ppl-tolerance) must be a finite number >= 0, but was NaN"),
                List.of("--accuracy-tolerance", "2", "(--accuracy-tolerance) must be in [0, 1], but was 2.0"),
                List.of("--scoring", "bogus", "--scoring must be log-likelihood or generated-letter, but was 'bogus'"),
                List.of("--output-len", "-1", "(--output-len) must be >= 1, but was -1"),
                List.of("--trials", "0", "(--trials) must be >= 1, but was 0"),
                List.of("--identity-tokens", "0", "(--identity-tokens) must be >= 1, but was 0"),
                List.of(
                        "--warmup",
                        "-1",
                        "(--warmup) and identity prompts (--identity-prompts) must be >= 0, but were -1"),
                List.of("--identity-prompts", "-2", "must be >= 0, but were 4 and -2"));
        for (List<String> c : cases) {
            err.reset();
            assertEquals(2, run(c.get(0), c.get(1)), c::toString);
            String e = oneLineError();
            assertTrue(e.startsWith("collab harness: "), e);
            assertTrue(e.contains(c.get(2)), e);
        }
        assertFalse(Files.exists(tmp.resolve("state/summary.json")), "refused before the run");
        assertEquals(ChoiceScoring.GENERATED_LETTER, ChoiceScoring.named("Generated-Letter"));
    }

    @Test
    void aDecodingJsonHoldingNullIsNamedNotANullPointer() throws Exception {
        Files.createDirectories(tmp.resolve("sub/model"));
        Files.writeString(tmp.resolve("sub/model/config.json"), "{}");
        Files.writeString(tmp.resolve("sub/decoding.json"), "null\n");

        assertEquals(1, run("--quiet"), "a bad submission fails the run");

        String e = err.toString(StandardCharsets.UTF_8);
        String expected = "cannot read decoding.json: it must hold a JSON object, but holds null";
        assertTrue(e.contains("error: INVALID_REQUEST: " + expected), e);
        assertFalse(e.contains("NullPointerException"), e);
        String summary = Files.readString(tmp.resolve("state/summary.json"));
        assertTrue(summary.contains(expected), summary);
        assertFalse(summary.contains("NullPointerException"), summary);
    }

    @Test
    void aDecodingJsonIntegerFieldHoldingAFractionIsRefusedNotRoundedDown() throws Exception {
        Files.createDirectories(tmp.resolve("sub/model"));
        Files.createDirectories(tmp.resolve("sub/drafter"));
        Files.writeString(tmp.resolve("sub/model/config.json"), "{}");
        Files.writeString(tmp.resolve("sub/drafter/config.json"), "{}");
        List<List<String>> cases = List.of(
                List.of(
                        "{\"mode\": \"speculative\", \"draft_tokens\": 2.5}",
                        "draft_tokens must be an integer, but was 2.5"),
                List.of("{\"top_k\": 40.7}", "top_k must be an integer, but was 40.7"),
                List.of("{\"threads\": 1e0}", "threads must be an integer, but was 1.0"),
                List.of("{\"seed\": 0.5}", "seed must be an integer, but was 0.5"),
                List.of("{\"draft_tokens\": \"four\"}", "draft_tokens must be an integer, but was \"four\""));
        for (List<String> c : cases) {
            err.reset();
            Files.writeString(tmp.resolve("sub/decoding.json"), c.get(0));
            assertEquals(1, run("--quiet"), c.get(0));
            String e = err.toString(StandardCharsets.UTF_8);
            assertTrue(e.contains("error: INVALID_REQUEST: cannot read decoding.json: " + c.get(1) + "\n"), e);
            assertFalse(e.contains("CoercionConfig"), e);
            assertFalse(e.contains("`int`"), e);
        }
    }

    @Test
    void aSubmissionJsonWithoutANameSaysSoInPlainWords() throws Exception {
        Files.createDirectories(tmp.resolve("sub/model"));
        Files.writeString(tmp.resolve("sub/model/config.json"), "{}");
        Files.writeString(tmp.resolve("sub/submission.json"), "{\"method\": \"mtp k=4\"}\n");

        assertEquals(1, run("--quiet"), "a bad submission fails the run");

        String e = err.toString(StandardCharsets.UTF_8);
        String expected = "cannot read submission.json: name must be a non-blank string, but was missing";
        assertTrue(e.contains("error: INVALID_REQUEST: " + expected + "\n"), e);
        assertFalse(e.contains("Cannot construct instance"), e);
        assertFalse(e.contains("[Source:"), e);
    }

    @Test
    void aPerplexityRecordLongerThanMaxSeqFailsTheRunNamingTheRecordItsLengthAndMaxSeq() throws Exception {
        SplittableRandom random = new SplittableRandom(7);
        RandomPairs.write(tmp.resolve("sub"), random);
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(data.resolve("prompts.jsonl"), "{\"id\":\"p\",\"prompt_token_ids\":[5,6,7]}\n");
        String context = ints(random, 12);
        // 12 + 37 = 49 tokens: 48 fed, which 48 positions hold; 12 + 40 = 52 do not fit
        Files.writeString(
                data.resolve("ppl.jsonl"),
                "{\"id\":\"fits\",\"context_token_ids\":" + context + ",\"target_token_ids\":" + ints(random, 37)
                        + "}\n{\"id\":\"long-7\",\"context_token_ids\":" + context + ",\"target_token_ids\":"
                        + ints(random, 40) + "}\n");
        Files.writeString(data.resolve("reference.json"), "{\"ppl\": 500}");
        Files.writeString(tmp.resolve("sub/decoding.json"), "{\"mode\": \"plain\"}");

        assertEquals(
                1,
                run(
                        "--data-dir",
                        data.toString(),
                        "--max-seq",
                        "48",
                        "--output-len",
                        "2",
                        "--warmup",
                        "0",
                        "--trials",
                        "1",
                        "--no-baseline",
                        "--identity-prompts",
                        "0",
                        "--quiet"));

        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(
                e.contains("error: INVALID_REQUEST: perplexity record long-7: a context of 12 tokens and 40 scored ones"
                        + " (52 tokens in all, 51 fed to the model) need more than the 48 positions this model holds"
                        + " (max_position_embeddings, at most --max-seq)"),
                e);
        assertTrue(e.contains("hint: raise --max-seq"), e);
        assertTrue(Files.readString(tmp.resolve("state/summary.json")).contains("perplexity record long-7"));
    }

    @Test
    void aPromptTheModelCannotDecodeFailsTheRunNamingThePrompt() throws Exception {
        RandomPairs.write(tmp.resolve("sub"), new SplittableRandom(7));
        Path data = Files.createDirectories(tmp.resolve("data"));
        Files.writeString(
                data.resolve("ppl.jsonl"), "{\"id\":\"r\",\"context_token_ids\":[5],\"target_token_ids\":[6]}\n");
        Files.writeString(data.resolve("reference.json"), "{\"ppl\": 500}");
        Files.writeString(tmp.resolve("sub/decoding.json"), "{\"mode\": \"plain\"}");
        int vocab = dev.agentcollab.inference.pair.TinyPair.VOCAB;
        Files.writeString(
                data.resolve("prompts.jsonl"),
                "{\"id\":\"fine\",\"prompt_token_ids\":[5,6,7]}\n{\"prompt_token_ids\":[5," + vocab + "]}\n");
        String[] args = {
            "--data-dir",
            data.toString(),
            "--output-len",
            "2",
            "--warmup",
            "0",
            "--trials",
            "1",
            "--no-baseline",
            "--identity-prompts",
            "0",
            "--quiet"
        };

        assertEquals(1, run(args));

        String e = err.toString(StandardCharsets.UTF_8);
        assertTrue(
                e.contains("error: INVALID_REQUEST: prompt prompts.jsonl:2 (item 2 of 2): token id out of vocabulary: "
                        + vocab + "\n"),
                e);
        assertTrue(Files.readString(tmp.resolve("state/summary.json")).contains("prompt prompts.jsonl:2"));
    }

    private static String ints(SplittableRandom random, int n) {
        return java.util.Arrays.toString(
                random.ints(n, 3, dev.agentcollab.inference.pair.TinyPair.VOCAB).toArray());
    }
}
