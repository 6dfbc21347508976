package dev.agentcollab.analysis;

import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads board texts from a local copy of a central bucket ({@code message_board/*.md}, {@code results/*.md}, e.g.
 * after {@code hf buckets sync}), for analysing a collaboration offline. Frontmatter is parsed leniently: a file
 * whose YAML does not parse contributes its whole text as the body.
 */
public final class BoardFiles {
    private static final YAMLMapper YAML = new YAMLMapper();

    private BoardFiles() {}

    /**
     * Reads the texts.
     *
     * @param centralDir the bucket copy
     * @return messages (bodies) then results ({@code method} + {@code description}), each by filename
     * @throws CollabException {@link ErrorCode#NOT_FOUND} when neither folder exists
     */
    public static List<BoardText> read(Path centralDir) {
        Path board = centralDir.resolve("message_board");
        Path results = centralDir.resolve("results");
        if (!Files.isDirectory(board) && !Files.isDirectory(results)) {
            throw CollabException.of(
                    ErrorCode.NOT_FOUND,
                    "no message_board/ or results/ under " + centralDir,
                    "point at a central bucket copy");
        }
        List<BoardText> out = new ArrayList<>();
        for (Path f : markdown(board)) {
            Doc d = parse(f);
            out.add(BoardText.message(name(f), BoardTexts.author(name(f), d.field("agent")), d.body()));
        }
        for (Path f : markdown(results)) {
            Doc d = parse(f);
            String text =
                    d.field("method").orElse("") + " " + d.field("description").orElse("");
            out.add(BoardText.resultMethod(name(f), BoardTexts.author(name(f), d.field("agent")), text.strip()));
        }
        return out;
    }

    private static List<Path> markdown(Path dir) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".md") && !name(p).equalsIgnoreCase("README.md"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INTERNAL, "cannot list " + dir).withCause(e);
        }
    }

    private static String name(Path p) {
        return p.getFileName().toString();
    }

    private static Doc parse(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INTERNAL, "cannot read " + file).withCause(e);
        }
        if (!text.startsWith("---")) {
            return new Doc(Map.of(), text);
        }
        int end = text.indexOf("\n---", 3);
        if (end < 0) {
            return new Doc(Map.of(), text);
        }
        try {
            Object fm = YAML.readValue(text.substring(3, end), Object.class);
            int bodyStart = Math.min(text.length(), end + 5);
            Map<?, ?> map = fm instanceof Map<?, ?> m ? m : Map.of();
            return new Doc(map, text.substring(bodyStart).strip());
        } catch (IOException e) {
            return new Doc(Map.of(), text);
        }
    }

    private record Doc(Map<?, ?> frontmatter, String body) {
        Optional<String> field(String key) {
            Object v = frontmatter.get(key);
            return v == null ? Optional.empty() : Optional.of(String.valueOf(v));
        }
    }
}
