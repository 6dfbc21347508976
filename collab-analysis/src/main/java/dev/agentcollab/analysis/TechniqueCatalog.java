package dev.agentcollab.analysis;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * The configurable list of known techniques against which the board analysis reports unexplored directions.
 *
 * <p>Text format, one technique per line: {@code name: keyword, keyword, two words}, or the YAML forms
 * {@code name: [keyword, keyword]} and {@code name:} followed by {@code - keyword} lines, keywords plain or quoted;
 * blank lines and lines starting with {@code #} are ignored. A catalogue nested under a key is not read. Immutable and thread safe.
 *
 * @param techniques the techniques, in display order
 */
public record TechniqueCatalog(List<Technique> techniques) {

    /** Copies the list. */
    public TechniqueCatalog {
        techniques = List.copyOf(techniques);
    }

    /**
     * Techniques for fast LLM decoding, as seen in the Gemma challenge and the speculative-decoding literature.
     *
     * @return the default catalogue
     */
    public static TechniqueCatalog ofDefaults() {
        return parse(List.of(
                "speculative decoding: speculative, drafter, draft, mtp, acceptance",
                "quantization: quantization, quantize, quantized, int4, int8, w4a16, fp8, qat, awq, gptq",
                "cuda graphs: cuda graph, cuda graphs, graph replay, onegraph, cudagraph",
                "kv cache: kv cache, kv-cache, paged attention, sliding window, kv sharing",
                "lm head pruning: lm head, lm_head, vocab pruning, vocabulary pruning, head pruning",
                "kernel fusion: fused, fusion, fuse, triton, custom kernel",
                "flash attention: flash attention, flashattention, fa2, fa3, split-kv",
                "layer skipping: layer skip, early exit, skip layers, layerskip",
                "distillation: distillation, distill, distilled",
                "tree decoding: tree attention, medusa, eagle, token tree",
                "prompt lookup: prompt lookup, n-gram, ngram, lookahead",
                "sparsity: sparsity, sparse, structured pruning, pruning",
                "compilation: torch compile, compile, tensorrt, aot"));
    }

    /**
     * Parses catalogue lines.
     *
     * @param lines lines in the format described on the type
     * @return the catalogue
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for a line without {@code name:}
     */
    public static TechniqueCatalog parse(List<String> lines) {
        List<Technique> out = new ArrayList<>();
        String listOf = null; // the technique whose keywords follow as "- kw" lines
        List<String> listed = new ArrayList<>();
        for (String raw : lines) {
            String line = raw.strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            if (line.startsWith("-") && listOf != null) {
                listed.add(unquoted(line.substring(1)));
                continue;
            }
            if (listOf != null) {
                out.add(new Technique(listOf, listed));
                listOf = null;
                listed = new ArrayList<>();
            }
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw CollabException.of(
                        ErrorCode.INVALID_REQUEST,
                        "technique line must look like 'name: kw, kw', but was '" + line + "'");
            }
            String name = line.substring(0, colon).strip();
            String keywords = line.substring(colon + 1).strip();
            if (keywords.isEmpty()) {
                listOf = name;
                continue;
            }
            if (keywords.startsWith("[") && keywords.endsWith("]")) {
                keywords = keywords.substring(1, keywords.length() - 1);
            }
            out.add(new Technique(
                    unquoted(name),
                    Arrays.stream(keywords.split(","))
                            .map(TechniqueCatalog::unquoted)
                            .toList()));
        }
        if (listOf != null) {
            out.add(new Technique(listOf, listed));
        }
        return new TechniqueCatalog(out);
    }

    /** A keyword or name without the YAML quotes around it ({@code "kv cache"} or {@code 'fp8'}). */
    private static String unquoted(String text) {
        String t = text.strip();
        if (t.length() >= 2 && (t.charAt(0) == '"' || t.charAt(0) == '\'') && t.charAt(t.length() - 1) == t.charAt(0)) {
            return t.substring(1, t.length() - 1);
        }
        return t;
    }

    /**
     * Loads a catalogue file.
     *
     * @param file a UTF-8 text file in the format described on the type
     * @return the catalogue
     * @throws CollabException {@link ErrorCode#NOT_FOUND} when the file cannot be read
     */
    public static TechniqueCatalog load(Path file) {
        try {
            return parse(Files.readAllLines(file));
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.NOT_FOUND, "cannot read technique catalogue " + file)
                    .withCause(e);
        }
    }
}
