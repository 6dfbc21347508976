package dev.agentcollab.inference.safetensors;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.WritableByteChannel;
import java.util.List;
import java.util.Objects;

/**
 * The little-endian bytes of one tensor as a sequence of buffers (segments), so that a tensor may be larger than
 * one {@link ByteBuffer} (2 GiB): a big tensor in a mapped file is a run of memory-mapped windows. Every segment
 * except the last holds a multiple of 8 bytes, so no element ever straddles two segments. Reads never move the
 * segments' positions; instances are as thread safe as their buffers (read-only views are).
 */
public final class TensorBytes {
    private final ByteBuffer[] segments;
    private final long[] starts;
    private final long size;

    private TensorBytes(List<ByteBuffer> parts) {
        segments = new ByteBuffer[parts.size()];
        starts = new long[parts.size() + 1];
        long pos = 0;
        for (int i = 0; i < segments.length; i++) {
            ByteBuffer b =
                    Objects.requireNonNull(parts.get(i), "segment").slice().order(ByteOrder.LITTLE_ENDIAN);
            if (i < segments.length - 1 && b.remaining() % 8 != 0) {
                throw new IllegalArgumentException(
                        "segment " + i + " holds " + b.remaining() + " bytes, not a multiple" + " of 8");
            }
            segments[i] = b;
            starts[i] = pos;
            pos += b.remaining();
        }
        starts[segments.length] = pos;
        size = pos;
    }

    /**
     * Wraps one buffer (its remaining bytes).
     *
     * @param buffer the bytes
     * @return a one-segment view
     */
    public static TensorBytes of(ByteBuffer buffer) {
        return new TensorBytes(List.of(buffer));
    }

    /**
     * Joins segments in order.
     *
     * @param segments the buffers (each but the last a multiple of 8 bytes long)
     * @return the view
     * @throws IllegalArgumentException when an inner segment is not a multiple of 8 bytes long
     */
    public static TensorBytes of(List<ByteBuffer> segments) {
        if (segments.isEmpty()) {
            return of(ByteBuffer.allocate(0));
        }
        return new TensorBytes(segments);
    }

    /**
     * The total byte count.
     *
     * @return the size in bytes
     */
    public long size() {
        return size;
    }

    /**
     * How many buffers hold the bytes.
     *
     * @return the segment count (at least 1)
     */
    public int segmentCount() {
        return segments.length;
    }

    /**
     * The whole tensor as one buffer, when it is held in one segment.
     *
     * @return a little-endian view at position 0
     * @throws IllegalStateException when the bytes span several segments (use the bulk reads instead)
     */
    public ByteBuffer single() {
        if (segments.length != 1) {
            throw new IllegalStateException(
                    "tensor bytes span " + segments.length + " mapped windows (" + size + " bytes); read them in bulk");
        }
        return segments[0].duplicate().order(ByteOrder.LITTLE_ENDIAN);
    }

    /**
     * Copies {@code n} 16-bit values starting at byte {@code offset}.
     *
     * @param offset byte offset, even
     * @param dst destination
     * @param dstOff first destination index
     * @param n value count
     */
    public void getShorts(long offset, short[] dst, int dstOff, int n) {
        check(offset, 2L * n, 2);
        int done = 0;
        while (done < n) {
            long pos = offset + 2L * done;
            int s = segmentOf(pos);
            int local = (int) (pos - starts[s]);
            int take = (int) Math.min(n - done, (starts[s + 1] - pos) / 2);
            segments[s]
                    .slice(local, take * 2)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asShortBuffer()
                    .get(dst, dstOff + done, take);
            done += take;
        }
    }

    /**
     * Copies {@code n} 32-bit floats starting at byte {@code offset}.
     *
     * @param offset byte offset, a multiple of 4
     * @param dst destination
     * @param dstOff first destination index
     * @param n value count
     */
    public void getFloats(long offset, float[] dst, int dstOff, int n) {
        check(offset, 4L * n, 4);
        int done = 0;
        while (done < n) {
            long pos = offset + 4L * done;
            int s = segmentOf(pos);
            int local = (int) (pos - starts[s]);
            int take = (int) Math.min(n - done, (starts[s + 1] - pos) / 4);
            segments[s]
                    .slice(local, take * 4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .asFloatBuffer()
                    .get(dst, dstOff + done, take);
            done += take;
        }
    }

    /**
     * Decodes {@code n} elements of {@code dtype}, starting at element {@code index}, to floats.
     *
     * @param dtype the element type
     * @param index the first element
     * @param dst destination
     * @param dstOff first destination index
     * @param n element count
     */
    public void getValues(DType dtype, long index, float[] dst, int dstOff, int n) {
        if (dtype == DType.F32) {
            getFloats(index * 4, dst, dstOff, n);
            return;
        }
        long offset = index * dtype.bytes();
        check(offset, (long) n * dtype.bytes(), dtype.bytes());
        int done = 0;
        while (done < n) {
            long pos = offset + (long) done * dtype.bytes();
            int s = segmentOf(pos);
            int take = (int) Math.min(n - done, (starts[s + 1] - pos) / dtype.bytes());
            ByteBuffer view = segments[s]
                    .slice((int) (pos - starts[s]), take * dtype.bytes())
                    .order(ByteOrder.LITTLE_ENDIAN);
            for (int i = 0; i < take; i++) {
                dst[dstOff + done + i] = dtype.get(view, i);
            }
            done += take;
        }
    }

    /**
     * Reads one little-endian 32-bit integer.
     *
     * @param offset byte offset, a multiple of 4
     * @return the value
     */
    public int getInt(long offset) {
        check(offset, 4, 4);
        int s = segmentOf(offset);
        return segments[s].getInt((int) (offset - starts[s]));
    }

    /**
     * Reads one little-endian 64-bit integer.
     *
     * @param offset byte offset, a multiple of 8
     * @return the value
     */
    public long getLong(long offset) {
        check(offset, 8, 8);
        int s = segmentOf(offset);
        return segments[s].getLong((int) (offset - starts[s]));
    }

    /**
     * Writes every byte to a channel, segment by segment.
     *
     * @param ch the destination
     * @throws IOException when writing fails
     */
    public void writeTo(WritableByteChannel ch) throws IOException {
        for (ByteBuffer s : segments) {
            ByteBuffer d = s.duplicate();
            while (d.hasRemaining()) {
                ch.write(d);
            }
        }
    }

    private int segmentOf(long pos) {
        int lo = 0;
        int hi = segments.length - 1;
        while (lo < hi) {
            int mid = (lo + hi + 1) >>> 1;
            if (starts[mid] <= pos) {
                lo = mid;
            } else {
                hi = mid - 1;
            }
        }
        return lo;
    }

    private void check(long offset, long length, int align) {
        if (offset < 0 || length < 0 || offset + length > size || offset % align != 0) {
            throw new IndexOutOfBoundsException("read of " + length + " bytes at " + offset + " outside " + size
                    + " bytes (alignment " + align + ")");
        }
    }
}
