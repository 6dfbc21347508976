package dev.agentcollab.inference.model;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.Tensor;
import java.util.List;

/**
 * The checks every backend runs on a weight before it converts it: its element type is a float type and its shape is
 * the one the config implies. A matrix must have exactly {@code [rows, cols]} (outputs first, as HF stores linear
 * weights): one with the right number of values in another shape, a transposed one above all, would load as silent
 * garbage. A vector (a norm weight) must hold exactly its length in values.
 */
public final class WeightShapes {
    private WeightShapes() {}

    /**
     * Checks a matrix weight.
     *
     * @param t the tensor
     * @param rows the rows (output features) the config implies
     * @param cols the columns (input features) the config implies
     * @return {@code t}
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} naming the tensor and both shapes when its shape is
     *     not {@code [rows, cols]}, or its type when that is not F32, F16 or BF16
     */
    public static Tensor matrix(Tensor t, int rows, int cols) {
        List<Integer> expected = List.of(rows, cols);
        if (!t.shape().equals(expected)) {
            throw mismatch(t, expected);
        }
        return floats(t);
    }

    /**
     * Checks a vector weight.
     *
     * @param t the tensor
     * @param length the length the config implies
     * @return {@code t}
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} naming the tensor and both shapes when it does not
     *     hold {@code length} values, or its type when that is not F32, F16 or BF16
     */
    public static Tensor vector(Tensor t, int length) {
        if (t.numel() != length) {
            throw mismatch(t, List.of(length));
        }
        return floats(t);
    }

    /**
     * Reads a drafter's {@code token_ordering}: one vocabulary id per entry, grouped by centroid.
     *
     * @param t the tensor
     * @param vocab the vocabulary size
     * @return the ids
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} when it is not an I32/I64 vector of {@code vocab}
     *     entries or an entry is outside {@code [0, vocab)} (a drafter would read past its head's rows)
     */
    public static int[] tokenOrdering(Tensor t, int vocab) {
        if (t.dtype() != DType.I32 && t.dtype() != DType.I64) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST, "tensor " + t.name() + " is " + t.dtype() + ", not an integer type");
        }
        if (t.numel() != vocab) {
            throw mismatch(t, List.of(vocab));
        }
        int[] ids = new int[vocab];
        for (int i = 0; i < vocab; i++) {
            long id = t.dtype() == DType.I32
                    ? t.bytes().getInt(4L * i)
                    : t.bytes().getLong(8L * i);
            if (id < 0 || id >= vocab) {
                throw CollabException.of(
                        ErrorCode.INVALID_REQUEST,
                        "token_ordering holds " + id + " at index " + i + ", outside the vocabulary [0, " + vocab
                                + ")");
            }
            ids[i] = (int) id;
        }
        return ids;
    }

    private static Tensor floats(Tensor t) {
        if (t.dtype() != DType.F32 && t.dtype() != DType.F16 && t.dtype() != DType.BF16) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST, "tensor " + t.name() + " is " + t.dtype() + ", not a float type");
        }
        return t;
    }

    private static CollabException mismatch(Tensor t, List<Integer> expected) {
        return CollabException.of(
                ErrorCode.INVALID_REQUEST,
                "tensor " + t.name() + " has shape " + t.shape() + ", config implies " + expected);
    }
}
