package dev.agentcollab.inference.harness;

import com.fasterxml.jackson.core.JacksonException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.ValueInstantiationException;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Objects;
import java.util.Optional;

/**
 * The layout of a submission directory (mounted read-only at {@code /submission} in a job):
 *
 * <pre>
 * model/           the target: config.json, *.safetensors, tokenizer.json   (required)
 * drafter/         an MTP drafter: config.json, *.safetensors               (optional)
 * decoding.json    {@link DecodingSettings}                                 (optional; default: speculative k=4
 *                  greedy when drafter/ exists, else plain greedy)
 * submission.json  {@link SubmissionInfo}: name, method, description        (optional)
 * </pre>
 *
 * @param root the submission directory
 * @param modelDir the target model directory
 * @param drafterDir the drafter directory, if present
 * @param decoding the decoding settings
 * @param info the descriptive metadata
 */
public record SubmissionLayout(
        Path root, Path modelDir, Optional<Path> drafterDir, DecodingSettings decoding, SubmissionInfo info) {

    /** Validates the layout. */
    public SubmissionLayout {
        Objects.requireNonNull(root, "root");
        Objects.requireNonNull(modelDir, "modelDir");
        Objects.requireNonNull(drafterDir, "drafterDir");
        Objects.requireNonNull(decoding, "decoding");
        Objects.requireNonNull(info, "info");
        if (decoding.speculative() && drafterDir.isEmpty()) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "decoding.json asks for speculative decoding but the submission has no drafter/ directory");
        }
    }

    /**
     * Reads a submission directory.
     *
     * @param root the directory
     * @return the layout
     * @throws CollabException {@link ErrorCode#NOT_FOUND} without {@code model/config.json};
     *     {@link ErrorCode#INVALID_REQUEST} for unreadable or invalid JSON files
     */
    public static SubmissionLayout read(Path root) {
        Path model = root.resolve("model");
        if (!Files.isRegularFile(model.resolve("config.json"))) {
            throw CollabException.of(
                    ErrorCode.NOT_FOUND,
                    "submission has no model/config.json: " + root,
                    "put the target model (config.json, *.safetensors, tokenizer.json) under model/");
        }
        Path drafter = root.resolve("drafter");
        Optional<Path> drafterDir =
                Files.isRegularFile(drafter.resolve("config.json")) ? Optional.of(drafter) : Optional.empty();
        DecodingSettings decoding = readJson(root.resolve("decoding.json"), DecodingSettings.class)
                .orElse(
                        drafterDir.isPresent()
                                ? DecodingSettings.speculativeGreedy(4)
                                : DecodingSettings.plainGreedy());
        SubmissionInfo info = readJson(root.resolve("submission.json"), SubmissionInfo.class)
                .orElse(SubmissionInfo.unnamed(
                        root.getFileName() == null
                                ? "submission"
                                : root.getFileName().toString()));
        return new SubmissionLayout(root, model, drafterDir, decoding, info);
    }

    static <T> Optional<T> readJson(Path file, Class<T> type) {
        if (!Files.isRegularFile(file)) {
            return Optional.empty();
        }
        T value;
        try {
            value = reader(type).readValue(file.toFile());
        } catch (IOException | IllegalArgumentException e) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "cannot read " + file.getFileName() + ": " + why(e))
                    .withCause(e);
        }
        if (value == null) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "cannot read " + file.getFileName() + ": it must hold a JSON object, but holds null");
        }
        return Optional.of(value);
    }

    /**
     * The reader of the submission's and the harness data's JSON files: an integer field (a count, a seed, a token id)
     * refuses 2.5 instead of reading it as 2.
     */
    static ObjectReader reader(Class<?> type) {
        return Json.mapper().readerFor(type).without(DeserializationFeature.ACCEPT_FLOAT_AS_INT);
    }

    /**
     * What is wrong with a JSON document, without the parser's class names and source position: a value the record
     * refused says why in its own words, a parse error in the parser's.
     */
    static String why(Exception e) {
        if (e.getCause() instanceof CollabException c) {
            return c.getMessage();
        }
        if (e instanceof ValueInstantiationException v
                && v.getCause() != null
                && v.getCause().getMessage() != null) {
            return v.getCause().getMessage();
        }
        if (e instanceof InvalidFormatException f
                && kind(f.getTargetType()) != null
                && !f.getPath().isEmpty()) {
            Object v = f.getValue();
            return field(f) + " must be " + kind(f.getTargetType()) + ", but was "
                    + (v instanceof String text ? '"' + text + '"' : String.valueOf(v));
        }
        return e instanceof JacksonException j ? j.getOriginalMessage() : e.getMessage();
    }

    /** What a value of a scalar type must be, in words; null for other types. */
    private static String kind(Class<?> type) {
        if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
            return "an integer";
        }
        if (type == double.class || type == Double.class || type == float.class || type == Float.class) {
            return "a number";
        }
        return null;
    }

    /** The JSON path of the refused value, e.g. {@code draft_tokens} or {@code prompt_token_ids[2]}. */
    private static String field(JsonMappingException e) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference r : e.getPath()) {
            if (r.getFieldName() != null) {
                sb.append(sb.isEmpty() ? "" : ".").append(r.getFieldName());
            } else if (r.getIndex() >= 0) {
                sb.append('[').append(r.getIndex()).append(']');
            }
        }
        return sb.toString();
    }
}
