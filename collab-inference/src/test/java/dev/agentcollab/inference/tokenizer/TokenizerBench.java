package dev.agentcollab.inference.tokenizer;

import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Encoding throughput of {@link BpeTokenizer} next to Hugging Face's Rust tokenizers (through
 * {@code ai.djl.huggingface:tokenizers}) on the same tokenizer.json, in one run: MB/s of UTF-8 input per input class,
 * median of interleaved repeats, and whether both produced the same ids. Prints a Markdown table (docs/inference-cpu.md
 * has the command and figures).
 *
 * <p>Usage: {@code TokenizerBench <tokenizer.json> [kilobytes per input, default 200] [repeats, default 7]}
 */
public final class TokenizerBench {
    private TokenizerBench() {}

    /**
     * Runs the bench.
     *
     * @param args tokenizer.json, then optionally kilobytes per input and repeats
     * @throws Exception on failure
     */
    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]);
        int bytes = 1024 * (args.length > 1 ? Integer.parseInt(args[1]) : 200);
        int repeats = args.length > 2 ? Integer.parseInt(args[2]) : 7;
        Tokenizer ours = HfTokenizers.load(file);
        try (HuggingFaceTokenizer hf = HuggingFaceTokenizer.builder()
                .optTokenizerPath(file)
                .optAddSpecialTokens(false)
                .optTruncation(false)
                .optPadding(false)
                .build()) {
            Map<String, String> inputs = inputs(bytes);
            System.out.println("| input | KB | tokens | ours MB/s | HF tokenizers MB/s | ours / HF time | same ids |");
            System.out.println("|---|---|---|---|---|---|---|");
            for (var e : inputs.entrySet()) {
                String text = e.getValue();
                double mb = text.getBytes(StandardCharsets.UTF_8).length / 1e6;
                int[] a = ours.encode(text);
                int[] b = Arrays.stream(hf.encode(text).getIds())
                        .mapToInt(Math::toIntExact)
                        .toArray();
                double[] oursS = new double[repeats];
                double[] hfS = new double[repeats];
                for (int r = -2; r < repeats; r++) { // two warm-up rounds, then interleaved measurements
                    long t0 = System.nanoTime();
                    ours.encode(text);
                    long t1 = System.nanoTime();
                    hf.encode(text);
                    long t2 = System.nanoTime();
                    if (r >= 0) {
                        oursS[r] = (t1 - t0) / 1e9;
                        hfS[r] = (t2 - t1) / 1e9;
                    }
                }
                double o = median(oursS);
                double h = median(hfS);
                System.out.printf(
                        "| %s | %d | %d | %.2f | %.2f | %.2fx | %s |%n",
                        e.getKey(),
                        Math.round(mb * 1000),
                        b.length,
                        mb / o,
                        mb / h,
                        o / h,
                        Arrays.equals(a, b) ? "yes" : "NO");
            }
        }
    }

    private static Map<String, String> inputs(int bytes) {
        Path root = MixedText.projectRoot();
        Map<String, String> inputs = new LinkedHashMap<>();
        String prose = String.join("\n", MixedText.projectLines(root.resolve("docs"), ".md", Integer.MAX_VALUE));
        inputs.put("prose (docs/*.md)", fill(prose, bytes));
        inputs.put(
                "code (Java sources)",
                fill(
                        String.join(
                                "\n",
                                MixedText.projectLines(
                                        root.resolve("collab-inference/src/main/java"), ".java", Integer.MAX_VALUE)),
                        bytes));
        inputs.put("HTML table", fill("<tr><td class=\"n\">42</td><td>x &amp; y</td></tr>\n", bytes));
        inputs.put("`<td>x</td>` repeated", fill("<td>x</td>", bytes));
        inputs.put("`a<b<` repeated", fill("a<b<", bytes));
        inputs.put(
                "mixed scripts, emoji, added tokens",
                fill(String.join("\n", MixedText.randomLines(20_000, 7L)), bytes));
        inputs.put("one long line of prose", fill(prose.replace('\n', ' '), bytes));
        return inputs;
    }

    /** Repeats or cuts {@code text} to about {@code bytes} UTF-8 bytes, on a code point boundary. */
    private static String fill(String text, int bytes) {
        StringBuilder sb = new StringBuilder();
        while (sb.length() < bytes) {
            sb.append(text);
        }
        int utf8 = 0;
        int i = 0;
        while (i < sb.length() && utf8 < bytes) {
            int cp = sb.codePointAt(i);
            utf8 += new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8).length;
            i += Character.charCount(cp);
        }
        return sb.substring(0, i);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }
}
