package dev.agentcollab.inference.tokenizer;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;

/**
 * Mixed text for comparing tokenizers: the project's own prose (Markdown docs) and code (Java sources), and seeded
 * random lines that mix 20 scripts, emoji ZWJ sequences, combining marks, private-use and unassigned code points,
 * whitespace runs, CRLF, chat markers and other added tokens written literally, HTML and {@code <}-dense text.
 */
final class MixedText {
    private static final String[] PIECES = {
        "The quick brown fox",
        "jumps over",
        "the lazy dog.",
        "Speculative decoding",
        "drafts tokens",
        "and verifies",
        "them",
        "in one forward pass",
        "of the target model;",
        "it's",
        "won't",
        "naïve",
        "café",
        "Ünïcödé",
        "façade",
        "数学は美しい",
        "中文文本的分词",
        "한국어 텍스트",
        "مرحبا بالعالم",
        "שלום עולם",
        "नमस्ते दुनिया",
        "வணக்கம் உலகம்",
        "สวัสดีชาวโลก",
        "Привет, мир!",
        "Γειά σου Κόσμε",
        "Xin chào thế giới",
        "გამარჯობა",
        "Բարեւ աշխարհ",
        "ሰላም ልዑል",
        "ಹಲೋ ವರ್ಲ್ಡ್",
        "ওহে বিশ্ব",
        "Merhaba dünya",
        "Witaj świecie",
        "Olá, mundo",
        "😀",
        "👩‍💻",
        "👨‍👩‍👧‍👦",
        "🇫🇷🇯🇵",
        "🤖",
        "👍🏽",
        "e\u0301",
        "a\u0308\u0304",
        "\uE000\uF8FF",
        "\u0378\u0530",
        "𝔘𝔫𝔦𝔠𝔬𝔡𝔢",
        "\u200B",
        "\u00A0",
        "\uFEFF",
        "  ",
        "   \t ",
        "\t",
        "\n",
        "\r\n",
        "\n\n\n",
        "        ",
        "<start_of_turn>user\n",
        "<end_of_turn>\n",
        "<start_of_turn>model\n",
        "<bos>",
        "<eos>",
        "<pad>",
        "<mask>",
        "<unused0>",
        "<unused42>",
        "<start_of_image>",
        "<start_of_turn",
        "<unused",
        "<td>x</td>",
        "<tr><td>1</td></tr>",
        "<div class=\"row\">",
        "</div>",
        "a<b<",
        "<<",
        "<>",
        "<!-- c -->",
        "for (int i = 0; i < n; i++) {",
        "    return x;",
        "}",
        "def f(x):\n    return x ** 2",
        "x^2 + y^2 = z^2",
        "#include <stdio.h>",
        "\\u00e9",
        "0",
        "42",
        "3.14159",
        "1,000,000",
        "2026-12-01T14:25:00Z",
        "https://example.org/a?b=c&d=e",
        "user@example.com",
        "!!!",
        "...",
        "—",
        "«»",
        "“quoted”",
        "(parens)",
        "[brackets]",
        "{braces}",
        "$HOME",
        "~/.m2",
        "C:\\Windows",
    };

    private MixedText() {}

    /**
     * Seeded random lines.
     *
     * @param count how many
     * @param seed the seed
     * @return the lines, each made of 1 to 12 pieces
     */
    static List<String> randomLines(int count, long seed) {
        Random random = new Random(seed);
        List<String> lines = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            StringBuilder sb = new StringBuilder();
            int n = 1 + random.nextInt(12);
            for (int k = 0; k < n; k++) {
                sb.append(PIECES[random.nextInt(PIECES.length)]);
                if (random.nextInt(3) > 0) {
                    sb.append(' ');
                }
                if (random.nextInt(8) == 0) {
                    sb.appendCodePoint(randomCodePoint(random));
                }
            }
            lines.add(sb.toString());
        }
        return lines;
    }

    /** Any scalar value (no surrogates), weighted toward the BMP. */
    private static int randomCodePoint(Random random) {
        int bound = random.nextBoolean() ? 0x3000 : (random.nextBoolean() ? 0x10000 : 0x110000);
        int cp;
        do {
            cp = random.nextInt(bound);
        } while (Character.getType(cp) == Character.SURROGATE);
        return cp;
    }

    /**
     * Non-empty lines of the project's files with one of the given suffixes.
     *
     * @param root a folder of the project
     * @param suffix e.g. {@code ".md"}
     * @param max at most this many lines
     * @return the lines, files in sorted order
     */
    static List<String> projectLines(Path root, String suffix, int max) {
        List<String> lines = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path f :
                    files.filter(p -> p.toString().endsWith(suffix)).sorted().toList()) {
                for (String line : Files.readAllLines(f, StandardCharsets.UTF_8)) {
                    if (!line.isBlank() && lines.size() < max) {
                        lines.add(line);
                    }
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return lines;
    }

    /**
     * The project root, found from the module folder tests run in.
     *
     * @return the folder holding the parent pom and docs/
     */
    static Path projectRoot() {
        Path here = Path.of("").toAbsolutePath();
        return Files.isDirectory(here.resolve("docs")) ? here : here.getParent();
    }
}
