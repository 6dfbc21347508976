package dev.agentcollab.inference.safetensors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The tensors and metadata of one safetensors file ({@code u64 header length, JSON header, data}). Tensor data are
 * read-only views into a memory mapping of the file, so opening is cheap and the file must not change while in use.
 * Instances are immutable and thread safe.
 *
 * @param tensors tensors by name, in header order
 * @param metadata the {@code __metadata__} string map (may be empty)
 */
public record SafetensorsFile(Map<String, Tensor> tensors, Map<String, String> metadata) {
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final long MAX_HEADER = 100L * 1024 * 1024;

    /** System property overriding the default mapping window in bytes (a multiple of 8). */
    public static final String WINDOW_PROPERTY = "collab.inference.safetensors.windowBytes";

    /** The default mapping window: 1 GiB. */
    public static final long DEFAULT_WINDOW_BYTES = 1L << 30;

    /** The largest window one {@link java.nio.MappedByteBuffer} can hold that is a multiple of 8. */
    public static final long MAX_WINDOW_BYTES = Integer.MAX_VALUE - 7L;

    /** Copies the maps (keeping order). */
    public SafetensorsFile {
        tensors = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(tensors));
        metadata = Map.copyOf(metadata);
    }

    /**
     * Maps and parses a file.
     *
     * @param file the {@code .safetensors} file
     * @return the parsed file
     * @throws CollabException {@link ErrorCode#NOT_FOUND} if missing, {@link ErrorCode#INVALID_REQUEST} if malformed
     */
    public static SafetensorsFile read(Path file) {
        return read(file, Long.getLong(WINDOW_PROPERTY, DEFAULT_WINDOW_BYTES));
    }

    /**
     * Maps and parses a file with a given mapping window: tensors up to {@code windowBytes} are one mapping, larger
     * ones a run of windows of that size.
     *
     * @param file the {@code .safetensors} file
     * @param windowBytes the window size: a multiple of 8 in {@code [8, MAX_WINDOW_BYTES]}
     * @return the parsed file
     * @throws CollabException {@link ErrorCode#NOT_FOUND} if missing, {@link ErrorCode#INVALID_REQUEST} if malformed
     * @throws IllegalArgumentException for a bad window size
     */
    public static SafetensorsFile read(Path file, long windowBytes) {
        if (windowBytes < 8 || windowBytes > MAX_WINDOW_BYTES || windowBytes % 8 != 0) {
            throw new IllegalArgumentException(
                    "windowBytes must be a multiple of 8 in [8, " + MAX_WINDOW_BYTES + "], but was " + windowBytes);
        }
        if (!Files.isRegularFile(file)) {
            throw CollabException.notFound(file.toString());
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            long size = ch.size();
            ByteBuffer lenBuf = ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN);
            readFully(ch, lenBuf, 0);
            long headerLen = lenBuf.getLong(0);
            if (headerLen <= 0 || headerLen > MAX_HEADER || 8 + headerLen > size) {
                throw malformed(file, "header length " + headerLen + " does not fit file size " + size);
            }
            ByteBuffer header = ByteBuffer.allocate((int) headerLen);
            readFully(ch, header, 8);
            JsonNode root = MAPPER.readTree(new String(header.array(), StandardCharsets.UTF_8));
            long dataStart = 8 + headerLen;
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    e.getValue()
                            .properties()
                            .forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                tensors.put(e.getKey(), tensor(file, ch, e.getKey(), e.getValue(), dataStart, size, windowBytes));
            }
            return new SafetensorsFile(tensors, metadata);
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "cannot read " + file + ": " + e.getMessage())
                    .withCause(e);
        }
    }

    /**
     * Looks a tensor up.
     *
     * @param name the tensor name
     * @return the tensor, or empty
     */
    public Optional<Tensor> find(String name) {
        return Optional.ofNullable(tensors.get(name));
    }

    private static Tensor tensor(
            Path file, FileChannel ch, String name, JsonNode info, long dataStart, long size, long window)
            throws IOException {
        DType dtype = DType.fromSafetensors(info.path("dtype").asText());
        List<Integer> shape = new ArrayList<>();
        info.path("shape").forEach(d -> shape.add(d.asInt()));
        JsonNode off = info.path("data_offsets");
        if (off.size() != 2) {
            throw malformed(file, "tensor " + name + " has no data_offsets");
        }
        long begin = dataStart + off.get(0).asLong();
        long end = dataStart + off.get(1).asLong();
        if (begin > end || end > size) {
            throw malformed(file, "tensor " + name + " offsets out of range");
        }
        List<ByteBuffer> windows = new ArrayList<>();
        for (long pos = begin; pos < end; pos += window) {
            long len = Math.min(window, end - pos);
            windows.add(ch.map(FileChannel.MapMode.READ_ONLY, pos, len).asReadOnlyBuffer());
        }
        try {
            return new Tensor(name, dtype, shape, TensorBytes.of(windows));
        } catch (IllegalArgumentException e) {
            throw malformed(file, e.getMessage());
        }
    }

    private static void readFully(FileChannel ch, ByteBuffer buf, long pos) throws IOException {
        while (buf.hasRemaining()) {
            if (ch.read(buf, pos + buf.position()) < 0) {
                throw new IOException("unexpected end of file");
            }
        }
    }

    private static CollabException malformed(Path file, String why) {
        return CollabException.of(ErrorCode.INVALID_REQUEST, "malformed safetensors file " + file + ": " + why);
    }

    /**
     * Returns a required tensor.
     *
     * @param name the tensor name
     * @return the tensor
     * @throws CollabException {@link ErrorCode#NOT_FOUND} when absent
     */
    public Tensor require(String name) {
        Tensor t = tensors.get(Objects.requireNonNull(name, "name"));
        if (t == null) {
            throw CollabException.of(ErrorCode.NOT_FOUND, "missing tensor: " + name);
        }
        return t;
    }
}
