package dev.agentcollab.core.service.board;

import dev.agentcollab.core.service.internal.ReadModel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The text index's snapshot against a build from the store, in one JVM, over board messages shaped as {@code
 * ScaleBenchmark} seeds them: the build reading every message, the save (encoding and writing), the file's size,
 * and the first catch-up of a fresh index from the file (load and comparison with the listing), with the ratio of
 * build to load. Not a test: run it as in docs/load-benchmark.md.
 *
 * <p>Usage: {@code TextIndexSnapshotFootprint [messages...]} (default {@code 1000 20000 100000}).
 */
public final class TextIndexSnapshotFootprint {
    private TextIndexSnapshotFootprint() {}

    /**
     * Runs the measurement.
     *
     * @param args the board sizes
     * @throws Exception when the temporary folder cannot be written
     */
    public static void main(String[] args) throws Exception {
        List<Integer> sizes = new ArrayList<>();
        for (String a : args) {
            sizes.add(Integer.parseInt(a));
        }
        if (sizes.isEmpty()) {
            sizes = List.of(1000, 20000, 100000);
        }
        System.out.println("| messages | build from the store (ms) | save (ms) | file (bytes/msg) | file (KiB)"
                + " | first catch-up from the file (ms) | messages read | ratio build/load |");
        System.out.println("|---:|---:|---:|---:|---:|---:|---:|---:|");
        Path dir = Files.createTempDirectory("collab-text-snapshot-");
        try {
            for (int size : sizes) {
                measure(size, dir.resolve(size + ".tix"));
            }
        } finally {
            try (var files = Files.list(dir)) {
                for (Path p : files.toList()) {
                    Files.delete(p);
                }
            }
            Files.delete(dir);
        }
    }

    private static void measure(int size, Path file) {
        ReadModel reads = TextIndexFootprint.seededBoard(size);
        ReadModel.Records board = reads.records(Folders.BOARD).orElseThrow();
        TextIndex built = new TextIndex(reads, Folders.BOARD, java.util.Optional.of(file));
        long t0 = System.nanoTime();
        built.candidates("warm", board);
        double buildMs = (System.nanoTime() - t0) / 1e6;
        try {
            built.awaitSave(); // the save after the build, on its own thread
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return;
        }
        long t1 = System.nanoTime();
        built.save();
        double saveMs = (System.nanoTime() - t1) / 1e6;
        long bytes;
        try {
            bytes = Files.size(file);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        TextIndex loaded = new TextIndex(reads, Folders.BOARD, java.util.Optional.of(file));
        long t2 = System.nanoTime();
        loaded.candidates("warm", board);
        double loadMs = (System.nanoTime() - t2) / 1e6;
        for (String needle : List.of("update 137 for", "agent-42", "ch-3", "organizer")) {
            List<String> want = new ArrayList<>();
            List<String> got = new ArrayList<>();
            built.candidates(needle, board)
                    .orElseThrow()
                    .filenames(null, null, false)
                    .forEachRemaining(want::add);
            loaded.candidates(needle, board)
                    .orElseThrow()
                    .filenames(null, null, false)
                    .forEachRemaining(got::add);
            if (!want.equals(got) || want.isEmpty()) {
                throw new IllegalStateException("the loaded index differs from the built one for " + needle);
            }
        }
        System.out.printf(
                Locale.ROOT,
                "| %d | %.0f | %.0f | %.1f | %.1f | %.0f | %d | %.1f |%n",
                size,
                buildMs,
                saveMs,
                (double) bytes / size,
                bytes / 1024.0,
                loadMs,
                loaded.messagesRead(),
                buildMs / loadMs);
    }
}
