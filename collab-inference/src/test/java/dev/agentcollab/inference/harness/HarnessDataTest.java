package dev.agentcollab.inference.harness;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A data file's error names its line: each line is its own JSON document, so the parser's "line 1" says nothing. */
class HarnessDataTest {
    @TempDir
    Path dir;

    @Test
    void aBadLineIsNamedByItsLineNumber() throws Exception {
        Files.writeString(
                dir.resolve("prompts.jsonl"),
                "{\"id\":\"a\",\"prompt_token_ids\":[1,2]}\n\n{\"id\":\"b\",\"prompt_token_ids\":[1,}\n");
        Files.writeString(dir.resolve("ppl.jsonl"), "");
        CollabException syntax = assertThrows(CollabException.class, () -> HarnessData.load(dir));
        String message = syntax.getMessage();
        assertTrue(message.startsWith("cannot read " + dir.resolve("prompts.jsonl") + " line 3: "), message);
        assertFalse(message.contains("line: 1"), "not the parser's position in the line's own document: " + message);

        Files.writeString(
                dir.resolve("prompts.jsonl"),
                "{\"id\":\"a\",\"prompt_token_ids\":[1,2]}\n{\"id\":\"b\",\"prompt_token_ids\":[]}\n");
        assertEquals(
                "cannot read " + dir.resolve("prompts.jsonl") + " line 2: prompt b is empty: prompt_token_ids is []",
                assertThrows(CollabException.class, () -> HarnessData.load(dir)).getMessage());
    }

    @Test
    void aChoiceItemWithAnEmptyOrNullOptionContinuationIsRefusedNamingTheItemAndOption() throws Exception {
        Files.writeString(dir.resolve("prompts.jsonl"), "{\"id\":\"a\",\"prompt_token_ids\":[1,2]}\n");
        Files.writeString(
                dir.resolve("ppl.jsonl"), "{\"id\":\"p\",\"context_token_ids\":[1],\"target_token_ids\":[2]}\n");
        String good = "{\"id\":\"q1\",\"prompt_token_ids\":[1,2],\"option_token_ids\":[[3],[4]],\"answer\":\"A\"}\n";
        for (String option : new String[] {"[]", "null"}) {
            Files.writeString(
                    dir.resolve("eval.jsonl"),
                    good + "{\"id\":\"q2\",\"prompt_token_ids\":[1,2],\"option_token_ids\":[[3]," + option
                            + "],\"answer\":\"A\"}\n");
            CollabException e = assertThrows(CollabException.class, () -> HarnessData.load(dir));
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertEquals(
                    "cannot read " + dir.resolve("eval.jsonl")
                            + " line 2: eval item q2 option B in option_token_ids has no tokens",
                    e.getMessage());
        }
        Files.writeString(
                dir.resolve("eval.jsonl"),
                "{\"id\":\"t\",\"question\":\"?\",\"options\":[\"x\",null],\"answer\":\"A\"}\n");
        assertEquals(
                "cannot read " + dir.resolve("eval.jsonl") + " line 1: eval item t option B is null",
                assertThrows(CollabException.class, () -> HarnessData.load(dir)).getMessage());
    }

    @Test
    void aPresentButEmptyFileIsRefusedNamingItAlsoTheOptionalEvalSet() throws Exception {
        Files.writeString(dir.resolve("prompts.jsonl"), "{\"id\":\"a\",\"prompt_token_ids\":[1,2]}\n");
        Files.writeString(
                dir.resolve("ppl.jsonl"), "{\"id\":\"p\",\"context_token_ids\":[1],\"target_token_ids\":[2]}\n");
        Files.writeString(dir.resolve("reference.json"), "{\"ppl\": 2.3, \"accuracy\": 0.6}");
        assertTrue(HarnessData.load(dir).eval().isEmpty(), "no eval.jsonl: no accuracy check");
        Files.writeString(dir.resolve("eval.jsonl"), "\n");
        CollabException eval = assertThrows(CollabException.class, () -> HarnessData.load(dir));
        assertEquals(ErrorCode.INVALID_REQUEST, eval.code());
        assertEquals(dir.resolve("eval.jsonl") + " holds no items", eval.getMessage());
        assertTrue(eval.hint().orElseThrow().contains("remove it"), eval.toString());

        Files.delete(dir.resolve("eval.jsonl"));
        Files.writeString(dir.resolve("ppl.jsonl"), "");
        CollabException ppl = assertThrows(CollabException.class, () -> HarnessData.load(dir));
        assertEquals(ErrorCode.INVALID_REQUEST, ppl.code());
        assertEquals(dir.resolve("ppl.jsonl") + " holds no items", ppl.getMessage());
    }

    @Test
    void aValueARecordRefusesIsNamedInItsOwnWordsWithoutTheParsersClassNames() throws Exception {
        Files.writeString(dir.resolve("prompts.jsonl"), "{\"id\":\"a\",\"prompt_token_ids\":[1,2]}\n");
        Files.writeString(
                dir.resolve("ppl.jsonl"), "{\"id\":\"p\",\"context_token_ids\":[],\"target_token_ids\":[2]}\n");
        assertEquals(
                "cannot read " + dir.resolve("ppl.jsonl") + " line 1: record p: context_token_ids must not be empty",
                assertThrows(CollabException.class, () -> HarnessData.load(dir)).getMessage());
    }

    @Test
    void anAnswerIndexThatIsNoIntegerIsRefusedInsteadOfMarkingOptionARight() throws Exception {
        Files.writeString(dir.resolve("prompts.jsonl"), "{\"id\":\"a\",\"prompt_token_ids\":[1,2]}\n");
        Files.writeString(
                dir.resolve("ppl.jsonl"), "{\"id\":\"p\",\"context_token_ids\":[1],\"target_token_ids\":[2]}\n");
        String item = "{\"id\":\"q\",\"prompt_token_ids\":[1],\"option_token_ids\":[[3],[4],[5]],\"answer_index\":";
        Files.writeString(dir.resolve("eval.jsonl"), item + "2}\n");
        assertEquals("C", HarnessData.load(dir).eval().getFirst().answer());
        for (String bad : new String[] {"\"C\"", "null", "1.5"}) {
            Files.writeString(dir.resolve("eval.jsonl"), item + bad + "}\n");
            CollabException e = assertThrows(CollabException.class, () -> HarnessData.load(dir), bad);
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertEquals(
                    "cannot read " + dir.resolve("eval.jsonl") + " line 1: answer_index must be a 0-based option index,"
                            + " but was " + bad,
                    e.getMessage());
        }
        Files.writeString(dir.resolve("eval.jsonl"), item + "3}\n");
        assertEquals(
                "cannot read " + dir.resolve("eval.jsonl") + " line 1: eval item q answer must be one of the option"
                        + " labels A..C, but was D",
                assertThrows(CollabException.class, () -> HarnessData.load(dir)).getMessage());
    }

    @Test
    void aTokenIdThatIsNoIntegerIsRefusedInsteadOfRoundedDown() throws Exception {
        Files.writeString(dir.resolve("prompts.jsonl"), "{\"id\":\"a\",\"prompt_token_ids\":[1,2.5]}\n");
        Files.writeString(
                dir.resolve("ppl.jsonl"), "{\"id\":\"p\",\"context_token_ids\":[1],\"target_token_ids\":[2]}\n");
        CollabException prompt = assertThrows(CollabException.class, () -> HarnessData.load(dir));
        assertEquals(ErrorCode.INVALID_REQUEST, prompt.code());
        assertEquals(
                "cannot read " + dir.resolve("prompts.jsonl") + " line 1: prompt_token_ids[1] must be an integer,"
                        + " but was 2.5",
                prompt.getMessage());

        Files.writeString(dir.resolve("prompts.jsonl"), "{\"id\":\"a\",\"prompt_token_ids\":[1,2]}\n");
        Files.writeString(
                dir.resolve("ppl.jsonl"), "{\"id\":\"p\",\"context_token_ids\":[1],\"target_token_ids\":[7.9]}\n");
        assertEquals(
                "cannot read " + dir.resolve("ppl.jsonl")
                        + " line 1: target_token_ids[0] must be an integer, but was 7.9",
                assertThrows(CollabException.class, () -> HarnessData.load(dir)).getMessage());
    }
}
