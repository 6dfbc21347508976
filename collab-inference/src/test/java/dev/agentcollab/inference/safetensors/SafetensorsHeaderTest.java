package dev.agentcollab.inference.safetensors;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A header whose tensors do not tile the data exactly (a negative offset, an overlap, a hole, bytes no tensor owns)
 * or whose numbers are no integers is refused, as the reference safetensors reader refuses it, instead of loading
 * header bytes or another tensor's bytes as weights.
 */
class SafetensorsHeaderTest {
    @TempDir
    Path dir;

    @Test
    void aWellFormedHeaderInAnyOrderLoads() throws IOException {
        Path f = file(
                "{\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]},"
                        + "\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
                16);
        SafetensorsFile st = SafetensorsFile.read(f);
        assertEquals(List.of("b", "a"), List.copyOf(st.tensors().keySet()));
    }

    @Test
    void offsetsThatDoNotTileTheDataAreRefused() throws IOException {
        List<List<String>> cases = List.of(
                List.of(
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[-8,0]}}",
                        "0",
                        "tensor a has data_offsets [-8, 0]: they must be integers with 0 <= begin <= end <= 0,"
                                + " the data's size"),
                List.of(
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
                        "8",
                        "tensor b starts at byte 0 of the data, where tensor a ends at 8: tensors must cover the"
                                + " data without holes or overlaps"),
                List.of(
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]},"
                                + "\"b\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[16,24]}}",
                        "24",
                        "tensor b starts at byte 16 of the data, where tensor a ends at 8: tensors must cover the"
                                + " data without holes or overlaps"),
                List.of(
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[8,16]}}",
                        "16",
                        "tensor a starts at byte 8 of the data, where it begins at 0: tensors must cover the"
                                + " data without holes or overlaps"),
                List.of(
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,8]}}",
                        "12",
                        "the tensors end at byte 8 of the data, but it holds 12"),
                List.of(
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2],\"data_offsets\":[0,\"8\"]}}",
                        "8",
                        "tensor a has data_offsets [0, \"8\"]: they must be integers with 0 <= begin <= end <= 8,"
                                + " the data's size"),
                List.of(
                        "{\"a\":{\"dtype\":\"F32\",\"shape\":[2.5],\"data_offsets\":[0,8]}}",
                        "8",
                        "tensor a has shape [2.5]: it must be a list of integers >= 0"),
                List.of("[]", "0", "the header must be a JSON object, but was []"));
        for (List<String> c : cases) {
            Path f = file(c.get(0), Integer.parseInt(c.get(1)));
            CollabException e = assertThrows(CollabException.class, () -> SafetensorsFile.read(f), c.get(0));
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertEquals("malformed safetensors file " + f + ": " + c.get(2), e.getMessage(), c.get(0));
        }
    }

    /** A file of the header (padded to 8 bytes) and {@code dataBytes} bytes of data. */
    private Path file(String header, int dataBytes) throws IOException {
        StringBuilder h = new StringBuilder(header);
        while (h.length() % 8 != 0) {
            h.append(' ');
        }
        byte[] json = h.toString().getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + json.length + dataBytes).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(json.length).put(json);
        Path f = Files.createTempFile(dir, "t", ".safetensors");
        Files.write(f, b.array());
        return f;
    }
}
