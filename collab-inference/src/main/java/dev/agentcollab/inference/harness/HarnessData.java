package dev.agentcollab.inference.harness;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The harness's evaluation data (mounted with the harness, not part of a submission):
 *
 * <pre>
 * prompts.jsonl     {@link PromptItem} per line: the throughput prompt set          (required)
 * ppl.jsonl         {@link PerplexityRecord} per line: reference continuations      (required)
 * eval.jsonl        {@link ChoiceItem} per line: multiple-choice questions          (optional)
 * reference.json    {@link ReferenceScores}: {"ppl": .., "accuracy": ..}            (optional if a reference
 *                   model is measured instead)
 * </pre>
 *
 * @param prompts the throughput prompts
 * @param perplexity the perplexity records
 * @param eval the multiple-choice items (may be empty)
 * @param reference the reference scores, if given
 */
public record HarnessData(
        List<PromptItem> prompts,
        List<PerplexityRecord> perplexity,
        List<ChoiceItem> eval,
        Optional<ReferenceScores> reference) {

    /** Validates and copies. */
    public HarnessData {
        prompts = List.copyOf(prompts);
        perplexity = List.copyOf(perplexity);
        eval = List.copyOf(eval);
        Objects.requireNonNull(reference, "reference");
        if (prompts.isEmpty() || perplexity.isEmpty()) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "harness data needs prompts and perplexity records");
        }
    }

    /**
     * Loads a data directory.
     *
     * @param dir the directory
     * @return the data
     * @throws CollabException {@link ErrorCode#NOT_FOUND} for a missing required file,
     *     {@link ErrorCode#INVALID_REQUEST} for a malformed line or a file without items (also an optional one)
     */
    public static HarnessData load(Path dir) {
        List<PromptItem> prompts = readLines(dir.resolve("prompts.jsonl"), PromptItem.class, true);
        List<PerplexityRecord> ppl = readLines(dir.resolve("ppl.jsonl"), PerplexityRecord.class, true);
        List<ChoiceItem> eval = readLines(dir.resolve("eval.jsonl"), ChoiceItem.class, false);
        Optional<ReferenceScores> reference =
                SubmissionLayout.readJson(dir.resolve("reference.json"), ReferenceScores.class);
        return new HarnessData(prompts, ppl, eval, reference);
    }

    /**
     * A copy with other reference scores.
     *
     * @param scores the reference scores
     * @return the copy
     */
    public HarnessData withReference(ReferenceScores scores) {
        return new HarnessData(prompts, perplexity, eval, Optional.of(scores));
    }

    /**
     * Writes the data set into a directory in the format {@link #load} reads.
     *
     * @param dir the target directory (created if needed)
     * @throws CollabException {@link ErrorCode#INTERNAL} when writing fails
     */
    public void write(Path dir) {
        try {
            Files.createDirectories(dir);
            writeLines(dir.resolve("prompts.jsonl"), prompts);
            writeLines(dir.resolve("ppl.jsonl"), perplexity);
            if (!eval.isEmpty()) {
                writeLines(dir.resolve("eval.jsonl"), eval);
            }
            if (reference.isPresent()) {
                Json.mapper().writeValue(dir.resolve("reference.json").toFile(), reference.get());
            }
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INTERNAL, "cannot write harness data to " + dir)
                    .withCause(e);
        }
    }

    private static void writeLines(Path file, List<?> items) throws IOException {
        StringBuilder sb = new StringBuilder();
        for (Object item : items) {
            sb.append(Json.mapper().writeValueAsString(item)).append('\n');
        }
        Files.writeString(file, sb);
    }

    private static <T> List<T> readLines(Path file, Class<T> type, boolean required) {
        if (!Files.isRegularFile(file)) {
            if (required) {
                throw CollabException.of(ErrorCode.NOT_FOUND, "harness data file missing: " + file);
            }
            return List.of();
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "cannot read " + file + ": " + e.getMessage())
                    .withCause(e);
        }
        List<T> out = new ArrayList<>();
        int n = 0;
        for (String line : lines) {
            n++;
            if (line.isBlank()) {
                continue;
            }
            try {
                JsonNode node = Json.mapper().readTree(line);
                if (node instanceof ObjectNode o && !o.hasNonNull("answer") && o.has("answer_index")) {
                    JsonNode index = o.get("answer_index");
                    if (!index.isIntegralNumber() || !index.canConvertToInt()) {
                        // asInt() would read "C", null or 2.5 as some index and mark that option right
                        throw CollabException.of(
                                ErrorCode.INVALID_REQUEST,
                                "cannot read " + file + " line " + n + ": answer_index must be a 0-based option index,"
                                        + " but was " + index);
                    }
                    int i = index.intValue();
                    o.put("answer", i >= 0 && i < 26 ? ChoiceItem.label(i) : String.valueOf(i));
                }
                if (node instanceof ObjectNode o && !o.hasNonNull("id")) {
                    o.put("id", file.getFileName() + ":" + n);
                }
                out.add(SubmissionLayout.reader(type).readValue(node));
            } catch (IOException | IllegalArgumentException e) {
                throw CollabException.of(
                                ErrorCode.INVALID_REQUEST,
                                "cannot read " + file + " line " + n + ": " + SubmissionLayout.why(e))
                        .withCause(e);
            }
        }
        if (out.isEmpty()) {
            // an optional file that is present but empty is a broken copy, not "no eval set": it would silently
            // skip a check the reference scores expect
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    file + " holds no items",
                    required ? "give it at least one line" : "give it at least one line, or remove it to skip it");
        }
        return out;
    }
}
