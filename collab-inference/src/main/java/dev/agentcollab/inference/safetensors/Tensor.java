package dev.agentcollab.inference.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;

/**
 * One named tensor: element type, shape and little-endian bytes. The bytes may be read-only views into a mapped file,
 * possibly several mapped windows for a tensor over 2 GiB; instances do not copy them, so they are as thread safe as
 * the buffers (read-only views are).
 *
 * @param name the tensor name, e.g. {@code model.layers.0.self_attn.q_proj.weight}
 * @param dtype the element type
 * @param shape the dimensions, outermost first (empty for a scalar)
 * @param bytes exactly {@code numel() * dtype.bytes()} bytes
 */
public record Tensor(String name, DType dtype, List<Integer> shape, TensorBytes bytes) {
    /** Validates that the data size matches the shape. */
    public Tensor {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(dtype, "dtype");
        shape = List.copyOf(shape);
        for (int d : shape) {
            if (d < 0) {
                throw new IllegalArgumentException("negative dimension in " + shape + " of " + name);
            }
        }
        Objects.requireNonNull(bytes, "bytes");
        long expected = count(shape) * dtype.bytes();
        if (bytes.size() != expected) {
            throw new IllegalArgumentException(
                    name + ": " + bytes.size() + " bytes for shape " + shape + " " + dtype + ", expected " + expected);
        }
    }

    /**
     * A tensor over one buffer (its remaining bytes).
     *
     * @param name the name
     * @param dtype the element type
     * @param shape the dimensions
     * @param data exactly {@code numel() * dtype.bytes()} bytes
     */
    public Tensor(String name, DType dtype, List<Integer> shape, ByteBuffer data) {
        this(name, dtype, shape, TensorBytes.of(Objects.requireNonNull(data, "data")));
    }

    /**
     * The bytes as one little-endian buffer at position 0.
     *
     * @return the data
     * @throws IllegalStateException when the tensor spans several mapped windows (over the reader's window size);
     *     read those through {@link #bytes()}
     */
    public ByteBuffer data() {
        return bytes.single();
    }

    /**
     * Encodes floats into a new tensor of the given type (rounding for 16-bit types).
     *
     * @param name the name
     * @param dtype the stored type
     * @param values the values, row-major
     * @param shape the dimensions (their product must equal {@code values.length})
     * @return the tensor
     */
    public static Tensor ofFloats(String name, DType dtype, float[] values, int... shape) {
        List<Integer> dims = java.util.Arrays.stream(shape).boxed().toList();
        if (count(dims) != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for shape " + dims);
        }
        ByteBuffer buf = ByteBuffer.allocate(values.length * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            dtype.put(buf, i, values[i]);
        }
        return new Tensor(name, dtype, dims, buf);
    }

    /**
     * The number of elements.
     *
     * @return the product of the shape
     */
    public long numel() {
        return count(shape);
    }

    /**
     * Decodes every element to a new float array.
     *
     * @return the values, row-major
     * @throws IllegalStateException when the tensor has more than {@code Integer.MAX_VALUE - 8} elements
     */
    public float[] toFloats() {
        long n = numel();
        if (n > Integer.MAX_VALUE - 8) {
            throw new IllegalStateException(name + " is too large for one float array: " + n);
        }
        float[] out = new float[(int) n];
        bytes.getValues(dtype, 0, out, 0, out.length);
        return out;
    }

    /**
     * Decodes an integer tensor ({@link DType#I32} or {@link DType#I64}) to ints.
     *
     * @return the values, row-major
     * @throws IllegalStateException for float tensors or values outside the int range
     */
    public int[] toInts() {
        if (dtype != DType.I32 && dtype != DType.I64) {
            throw new IllegalStateException(name + " is " + dtype + ", not an integer tensor");
        }
        int[] out = new int[Math.toIntExact(numel())];
        for (int i = 0; i < out.length; i++) {
            out[i] = dtype == DType.I32 ? bytes.getInt(4L * i) : Math.toIntExact(bytes.getLong(8L * i));
        }
        return out;
    }

    /**
     * Encodes ints into a new integer tensor.
     *
     * @param name the name
     * @param dtype {@link DType#I32} or {@link DType#I64}
     * @param values the values
     * @param shape the dimensions
     * @return the tensor
     */
    public static Tensor ofInts(String name, DType dtype, int[] values, int... shape) {
        if (dtype != DType.I32 && dtype != DType.I64) {
            throw new IllegalArgumentException("integer dtype required, but was " + dtype);
        }
        List<Integer> dims = java.util.Arrays.stream(shape).boxed().toList();
        if (count(dims) != values.length) {
            throw new IllegalArgumentException(name + ": " + values.length + " values for shape " + dims);
        }
        ByteBuffer buf = ByteBuffer.allocate(values.length * dtype.bytes()).order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < values.length; i++) {
            if (dtype == DType.I32) {
                buf.putInt(i * 4, values[i]);
            } else {
                buf.putLong(i * 8, values[i]);
            }
        }
        return new Tensor(name, dtype, dims, buf);
    }

    private static long count(List<Integer> dims) {
        long n = 1;
        for (int d : dims) {
            n *= d;
        }
        return n;
    }
}
