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
                tensors.put(e.getKey(), tensor(file, ch, e.getKey(), e.getValue(), dataStart, size));
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

    private static Tensor tensor(Path file, FileChannel ch, String name, JsonNode info, long dataStart, long size)
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
        if (end - begin > Integer.MAX_VALUE) {
            throw CollabException.of(
                    ErrorCode.PAYLOAD_TOO_LARGE, "tensor " + name + " exceeds 2 GiB, which this reader maps whole");
        }
        ByteBuffer data =
                end == begin ? ByteBuffer.allocate(0) : ch.map(FileChannel.MapMode.READ_ONLY, begin, end - begin);
        try {
            return new Tensor(name, dtype, shape, data.asReadOnlyBuffer());
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
