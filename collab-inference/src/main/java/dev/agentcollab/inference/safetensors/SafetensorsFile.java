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
import java.util.Comparator;
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
            if (root == null || !root.isObject()) {
                throw malformed(file, "the header must be a JSON object, but was " + root);
            }
            long dataStart = 8 + headerLen;
            long dataSize = size - dataStart;
            Map<String, long[]> extents = new LinkedHashMap<>();
            Map<String, String> metadata = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = root.properties().iterator(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (e.getKey().equals("__metadata__")) {
                    e.getValue()
                            .properties()
                            .forEach(m -> metadata.put(m.getKey(), m.getValue().asText()));
                    continue;
                }
                extents.put(e.getKey(), extent(file, e.getKey(), e.getValue(), dataSize));
            }
            checkTiling(file, extents, dataSize);
            Map<String, Tensor> tensors = new LinkedHashMap<>();
            for (Map.Entry<String, long[]> e : extents.entrySet()) {
                JsonNode info = root.get(e.getKey());
                tensors.put(
                        e.getKey(),
                        tensor(
                                file,
                                ch,
                                e.getKey(),
                                info,
                                dataStart + e.getValue()[0],
                                dataStart + e.getValue()[1],
                                windowBytes));
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

    /** A tensor's {@code [begin, end)} in the data, checked to be integers inside it. */
    private static long[] extent(Path file, String name, JsonNode info, long dataSize) {
        JsonNode off = info.path("data_offsets");
        if (off.size() != 2
                || !off.get(0).isIntegralNumber()
                || !off.get(1).isIntegralNumber()
                || !off.get(0).canConvertToLong()
                || !off.get(1).canConvertToLong()
                || off.get(0).asLong() < 0
                || off.get(0).asLong() > off.get(1).asLong()
                || off.get(1).asLong() > dataSize) {
            throw malformed(
                    file,
                    "tensor " + name + " has data_offsets " + list(off) + ": they must be integers with 0 <= begin"
                            + " <= end <= " + dataSize + ", the data's size");
        }
        return new long[] {off.get(0).asLong(), off.get(1).asLong()};
    }

    /**
     * Checks that the tensors cover the data exactly, one after another, as the reference reader requires: a hole or
     * an overlap would let bytes be read as two tensors, or hide bytes no tensor owns.
     */
    private static void checkTiling(Path file, Map<String, long[]> extents, long dataSize) {
        List<Map.Entry<String, long[]>> byBegin = new ArrayList<>(extents.entrySet());
        byBegin.sort(Comparator.comparingLong((Map.Entry<String, long[]> e) -> e.getValue()[0])
                .thenComparingLong(e -> e.getValue()[1]));
        long end = 0;
        String previous = null;
        for (Map.Entry<String, long[]> e : byBegin) {
            if (e.getValue()[0] != end) {
                throw malformed(
                        file,
                        "tensor " + e.getKey() + " starts at byte " + e.getValue()[0] + " of the data, where "
                                + (previous == null ? "it begins at 0" : "tensor " + previous + " ends at " + end)
                                + ": tensors must cover the data without holes or overlaps");
            }
            end = e.getValue()[1];
            previous = e.getKey();
        }
        if (end != dataSize) {
            throw malformed(file, "the tensors end at byte " + end + " of the data, but it holds " + dataSize);
        }
    }

    private static Tensor tensor(
            Path file, FileChannel ch, String name, JsonNode info, long begin, long end, long window)
            throws IOException {
        DType dtype = DType.fromSafetensors(info.path("dtype").asText());
        List<Integer> shape = new ArrayList<>();
        for (JsonNode d : info.path("shape")) {
            if (!d.isIntegralNumber() || !d.canConvertToInt() || d.intValue() < 0) {
                throw malformed(
                        file,
                        "tensor " + name + " has shape " + list(info.path("shape"))
                                + ": it must be a list of integers >= 0");
            }
            shape.add(d.intValue());
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

    /** A JSON array as {@code [a, b]} (the header's own text of each element). */
    private static String list(JsonNode array) {
        List<String> parts = new ArrayList<>();
        array.forEach(n -> parts.add(n.toString()));
        return array.isArray() ? "[" + String.join(", ", parts) + "]" : array.toString();
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
