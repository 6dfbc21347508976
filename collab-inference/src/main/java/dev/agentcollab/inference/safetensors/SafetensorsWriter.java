package dev.agentcollab.inference.safetensors;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.Channels;
import java.nio.channels.WritableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collection;
import java.util.Map;

/** Writes safetensors files: tensors in the given order, header padded with spaces to an 8-byte boundary. */
public final class SafetensorsWriter {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private SafetensorsWriter() {}

    /**
     * Writes tensors and metadata to a file, replacing it.
     *
     * @param file the destination
     * @param tensors the tensors (names must be unique)
     * @param metadata string metadata stored as {@code __metadata__} (may be empty)
     * @throws CollabException {@link ErrorCode#INTERNAL} when the file cannot be written
     */
    public static void write(Path file, Collection<Tensor> tensors, Map<String, String> metadata) {
        ObjectNode header = MAPPER.createObjectNode();
        if (!metadata.isEmpty()) {
            ObjectNode meta = header.putObject("__metadata__");
            metadata.forEach(meta::put);
        }
        long offset = 0;
        for (Tensor t : tensors) {
            if (header.has(t.name())) {
                throw new IllegalArgumentException("duplicate tensor name " + t.name());
            }
            ObjectNode info = header.putObject(t.name());
            info.put("dtype", t.dtype().name());
            ArrayNode shape = info.putArray("shape");
            t.shape().forEach(shape::add);
            long size = t.bytes().size();
            info.putArray("data_offsets").add(offset).add(offset + size);
            offset += size;
        }
        StringBuilder json = new StringBuilder(header.toString());
        while ((json.toString().getBytes(StandardCharsets.UTF_8).length + 8) % 8 != 0) {
            json.append(' ');
        }
        byte[] headerBytes = json.toString().getBytes(StandardCharsets.UTF_8);
        try (OutputStream out = Files.newOutputStream(file);
                WritableByteChannel ch = Channels.newChannel(out)) {
            ByteBuffer len =
                    ByteBuffer.allocate(8).order(ByteOrder.LITTLE_ENDIAN).putLong(0, headerBytes.length);
            ch.write(len);
            ch.write(ByteBuffer.wrap(headerBytes));
            for (Tensor t : tensors) {
                t.bytes().writeTo(ch);
            }
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.INTERNAL, "cannot write " + file + ": " + e.getMessage())
                    .withCause(e);
        }
    }
}
