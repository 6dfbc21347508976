package dev.agentcollab.inference.cpu;

import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.Gemma4Presets;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.ModelLoader;
import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.spi.BackendOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Loads a full-size Gemma 4 E4B-shaped checkpoint on the CPU backend and runs it: writes a sparse bf16 checkpoint
 * ({@link SparseCheckpointWriter}: zeros, unit norms, a marked last embedding row and PLE row) unless the directory
 * has one, loads it through the windowed reader, opens the backend, checks the marked rows through the row-chunked
 * stores and the tied head, and prints load times and heap use. Needs about 15 GB of heap in bf16
 * ({@code -Xmx17g}); usage: {@code E4bLoadSmoke <dir> [--f32] [--threads N]}.
 *
 * <p>A manual developer tool, kept in the test tree (no user of the library or of {@code collab} needs it; it
 * writes a 15 GB sparse file): {@link E4bLoadSmokeTest} runs its checks on a tiny shape, and docs/inference-cpu.md
 * gives the command that runs it on the full shape with the test class path.
 */
public final class E4bLoadSmoke {
    private E4bLoadSmoke() {}

    /**
     * Runs the smoke test.
     *
     * @param args {@code <dir> [--f32] [--threads N]}
     * @throws IOException when the checkpoint cannot be written
     */
    public static void main(String[] args) throws IOException {
        if (args.length < 1) {
            System.err.println("usage: E4bLoadSmoke <dir> [--f32] [--threads N]");
            System.exit(2);
        }
        WeightFormat format = WeightFormat.BF16;
        int threads = Runtime.getRuntime().availableProcessors();
        for (int i = 1; i < args.length; i++) {
            switch (args[i]) {
                case "--f32" -> format = WeightFormat.F32;
                case "--threads" -> threads = Integer.parseInt(args[++i]);
                default -> throw new IllegalArgumentException("unknown option " + args[i]);
            }
        }
        boolean ok = run(Path.of(args[0]), Gemma4Presets.e4b(), format, threads, System.out);
        System.exit(ok ? 0 : 1);
    }

    /** Writes (if needed), loads and checks a sparse checkpoint of {@code cfg}; prints a report; true when it passes. */
    static boolean run(Path dir, ModelConfig cfg, WeightFormat format, int threads, PrintStream out)
            throws IOException {
        long t0 = System.nanoTime();
        if (!Files.isRegularFile(dir.resolve("model.safetensors"))) {
            SparseCheckpointWriter.write(dir, cfg);
            out.printf("wrote sparse checkpoint in %.1f s%n", seconds(t0));
        }
        long t1 = System.nanoTime();
        Checkpoint ck = ModelLoader.loadTarget(dir);
        out.printf(
                "mapped %d tensors in %.1f s; %s spans %d windows%n",
                ck.tensors().size(),
                seconds(t1),
                WeightNames.PLE_EMBED,
                ck.find(WeightNames.PLE_EMBED)
                        .map(t -> t.bytes().segmentCount())
                        .orElse(0));
        long t2 = System.nanoTime();
        boolean ok = true;
        try (CpuBackend b = CpuBackend.open(ck, Optional.empty(), new BackendOptions(16, 1, threads), format)) {
            out.printf("opened %s in %.1f s; heap in use %.2f GB%n", b.name(), seconds(t2), heapGb());
            CpuTarget t = b.target();
            for (WeightPlacement p : t.plan.placements().values()) {
                if (p.chunks() > 1 || p.rows() >= cfg.vocabSize()) {
                    out.printf(
                            "  %s: %s %s %dx%d, %d chunk(s) of %d rows, %.2f GB%n",
                            p.name(),
                            p.store(),
                            p.type(),
                            p.rows(),
                            p.cols(),
                            p.chunks(),
                            p.rowsPerChunk(),
                            p.bytes() / 1e9);
                }
            }
            out.printf("  all planned weights: %.2f GB%n", t.plan.totalBytes() / 1e9);
            int last = cfg.vocabSize() - 1;
            ok &= marked(t.embed, last, format, out, "embedding");
            if (t.pleEmbed != null) {
                ok &= marked(t.pleEmbed, cfg.vocabSizePerLayerInput() - 1, format, out, "per-layer embedding");
            }
            int[] argmax = new int[1];
            long t3 = System.nanoTime();
            b.forwardArgmax(new int[] {last}, 1, argmax);
            out.printf(
                    "forward of the marked token: argmax %d (expected %d) in %.2f s%n", argmax[0], last, seconds(t3));
            ok &= argmax[0] == last;
            long t4 = System.nanoTime();
            b.forwardArgmax(new int[] {0}, 1, argmax);
            out.printf("forward of a zero-embedding token: argmax %d (expected 0) in %.2f s%n", argmax[0], seconds(t4));
            ok &= argmax[0] == 0;
        }
        out.println(ok ? "PASS" : "FAIL");
        return ok;
    }

    private static boolean marked(RowSource rows, int row, WeightFormat format, PrintStream out, String what) {
        float[] got = new float[rows.cols()];
        rows.row(row, 1f, got, 0);
        float[] want = new float[got.length];
        for (int i = 0; i < want.length; i++) {
            want[i] = SparseCheckpointWriter.pattern(i);
        }
        if (rows instanceof Q8Matrix) { // quantised at load: the row reads back as its Q8_0 (or 3-bit) round trip
            byte[] q = new byte[want.length];
            short[] d = new short[Q8Blocks.blocks(want.length)];
            LowBitBlocks.quantiseRow(what, format == WeightFormat.Q3_0 ? 3 : 8, want, 0, want.length, q, 0, d, 0);
            Q8Blocks.dequantiseRow(q, 0, d, 0, want.length, 1f, want, 0);
        }
        for (int i = 0; i < got.length; i++) {
            if (got[i] != want[i]) {
                out.printf("%s row %d differs at %d: %s%n", what, row, i, got[i]);
                return false;
            }
        }
        out.printf("%s row %d gathered exactly (%d values)%n", what, row, got.length);
        return true;
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double heapGb() {
        Runtime r = Runtime.getRuntime();
        System.gc();
        return (r.totalMemory() - r.freeMemory()) / 1e9;
    }
}
