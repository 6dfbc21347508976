package dev.agentcollab.inference.safetensors;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;
import java.util.Objects;

/**
 * One named tensor: element type, shape and little-endian bytes. The buffer may be a read-only view into a mapped
 * file; instances do not copy it, so they are as thread safe as the buffer (read-only views are).
 *
 * @param name the tensor name, e.g. {@code model.layers.0.self_attn.q_proj.weight}
 * @param dtype the element type
 * @param shape the dimensions, outermost first (empty for a scalar)
 * @param data exactly {@code numel() * dtype.bytes()} bytes, position 0
 */
public record Tensor(String name, DType dtype, List<Integer> shape, ByteBuffer data) {
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
        data = Objects.requireNonNull(data, "data").slice().order(ByteOrder.LITTLE_ENDIAN);
        long expected = count(shape) * dtype.bytes();
        if (data.remaining() != expected) {
            throw new IllegalArgumentException(name + ": " + data.remaining() + " bytes for shape " + shape + " "
                    + dtype + ", expected " + expected);
        }
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
        ByteBuffer buf = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        if (dtype == DType.F32) {
            buf.asFloatBuffer().get(out);
        } else {
            for (int i = 0; i < out.length; i++) {
                out[i] = dtype.get(buf, i);
            }
        }
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
        ByteBuffer buf = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        for (int i = 0; i < out.length; i++) {
            out[i] = dtype == DType.I32 ? buf.getInt(i * 4) : Math.toIntExact(buf.getLong(i * 8));
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
