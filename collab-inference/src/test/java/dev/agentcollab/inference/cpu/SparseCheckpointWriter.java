package dev.agentcollab.inference.cpu;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.inference.model.HfConfigWriter;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.safetensors.DType;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes a full-size bf16 target checkpoint without holding it: norm weights are ones, the last token's embedding
 * row and per-layer-embedding row hold a known pattern, and every other byte is a file hole (zeros, no disk space on
 * file systems with sparse files). Used by {@link E4bLoadSmoke} to load a real E4B shape without the real weights.
 */
final class SparseCheckpointWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String PREFIX = "model.language_model.";

    private SparseCheckpointWriter() {}

    /** The pattern value of element {@code i} of a marked row: small distinct bf16-exact values. */
    static float pattern(int i) {
        return ((i % 61) - 30) / 32f;
    }

    /** Writes {@code config.json} and {@code model.safetensors} for {@code cfg} into {@code dir}. */
    static void write(Path dir, ModelConfig cfg) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve("config.json"), HfConfigWriter.model(cfg));
        Map<String, long[]> shapes = new LinkedHashMap<>();
        int h = cfg.hiddenSize();
        shapes.put(WeightNames.NORM, new long[] {h});
        if (cfg.hasPerLayerInputs()) {
            shapes.put(WeightNames.PLE_PROJECTION_NORM, new long[] {cfg.hiddenSizePerLayerInput()});
        }
        for (int l = 0; l < cfg.numLayers(); l++) {
            for (String n : new String[] {
                "input_layernorm", "post_attention_layernorm", "pre_feedforward_layernorm", "post_feedforward_layernorm"
            }) {
                shapes.put(WeightNames.layer(l, n + ".weight"), new long[] {h});
            }
            shapes.put(WeightNames.layer(l, "self_attn.q_norm.weight"), new long[] {cfg.headDim(l)});
            if (cfg.ownsKv(l)) {
                shapes.put(WeightNames.layer(l, "self_attn.k_norm.weight"), new long[] {cfg.headDim(l)});
            }
            if (cfg.hasPerLayerInputs()) {
                shapes.put(WeightNames.layer(l, "post_per_layer_input_norm.weight"), new long[] {h});
            }
        }
        int normCount = shapes.size();
        CpuWeightPlan plan = CpuWeightPlan.target(cfg, n -> DType.BF16, WeightFormat.BF16, RowChunking.defaults());
        plan.placements().values().forEach(p -> shapes.put(p.name(), new long[] {p.rows(), p.cols()}));
        ObjectNode header = MAPPER.createObjectNode();
        header.putObject("__metadata__").put("format", "pt");
        Map<String, Long> offsets = new LinkedHashMap<>();
        long offset = 0;
        for (Map.Entry<String, long[]> e : shapes.entrySet()) {
            long n = 1;
            ObjectNode info = header.putObject(PREFIX + e.getKey());
            info.put("dtype", "BF16");
            var shape = info.putArray("shape");
            for (long d : e.getValue()) {
                shape.add(d);
                n *= d;
            }
            info.putArray("data_offsets").add(offset).add(offset + 2 * n);
            offsets.put(e.getKey(), offset);
            offset += 2 * n;
        }
        byte[] json = header.toString().getBytes(StandardCharsets.UTF_8);
        int padded = (json.length + 7) / 8 * 8;
        long dataStart = 8L + padded;
        try (RandomAccessFile raf =
                        new RandomAccessFile(dir.resolve("model.safetensors").toFile(), "rw");
                FileChannel ch = raf.getChannel()) {
            raf.setLength(0);
            ByteBuffer head = ByteBuffer.allocate((int) dataStart).order(ByteOrder.LITTLE_ENDIAN);
            head.putLong(padded).put(json);
            while (head.hasRemaining()) {
                head.put((byte) ' ');
            }
            writeAt(ch, head.flip(), 0);
            int i = 0;
            for (Map.Entry<String, long[]> e : shapes.entrySet()) {
                if (i++ < normCount) {
                    writeAt(ch, bf16Row((int) e.getValue()[0], true), dataStart + offsets.get(e.getKey()));
                }
            }
            markLastRow(ch, dataStart + offsets.get(WeightNames.EMBED), cfg.vocabSize(), h);
            if (cfg.hasPerLayerInputs()) {
                int width = cfg.numLayers() * cfg.hiddenSizePerLayerInput();
                markLastRow(ch, dataStart + offsets.get(WeightNames.PLE_EMBED), cfg.vocabSizePerLayerInput(), width);
            }
            raf.setLength(dataStart + offset);
        }
    }

    private static void markLastRow(FileChannel ch, long tensorStart, int rows, int cols) throws IOException {
        writeAt(ch, bf16Row(cols, false), tensorStart + 2L * (rows - 1) * cols);
    }

    private static ByteBuffer bf16Row(int n, boolean ones) {
        ByteBuffer b = ByteBuffer.allocate(2 * n).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < n; i++) {
            b.putShort(DType.toBf16(ones ? 1f : pattern(i)));
        }
        return b.flip();
    }

    private static void writeAt(FileChannel ch, ByteBuffer b, long pos) throws IOException {
        while (b.hasRemaining()) {
            pos += ch.write(b, pos);
        }
    }
}
