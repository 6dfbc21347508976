package dev.agentcollab.inference.cpu;

import java.util.Objects;

/**
 * Where and how the CPU backend keeps one weight tensor: the store, the in-memory element type and the row chunks.
 * Pure arithmetic, so a plan for a real checkpoint's shape can be checked without allocating it.
 *
 * @param name the canonical tensor name
 * @param store {@link Store#MATRIX} for matrix-vector weights, {@link Store#ROW_TABLE} for gather-only tables
 * @param rows row count
 * @param cols values per row
 * @param type the in-memory element type
 * @param rowsPerChunk whole rows per chunk array, in {@code [1, max(1, rows)]}
 */
record WeightPlacement(String name, Store store, int rows, int cols, StoredType type, int rowsPerChunk) {
    /** The kind of store. */
    enum Store {
        /** A {@link Matrix}: matrix-vector products split over rows, and row gathers when it is a tied head. */
        MATRIX,
        /** An {@link EmbeddingTable}: rows gathered by token id, decoded from the stored type per row. */
        ROW_TABLE
    }

    /** Validates the shape and chunking. */
    WeightPlacement {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(store, "store");
        Objects.requireNonNull(type, "type");
        if (rows < 0 || cols < 1) {
            throw new IllegalArgumentException(name + ": bad shape " + rows + "x" + cols);
        }
        if (rowsPerChunk < 1 || rowsPerChunk > Math.max(1, rows)) {
            throw new IllegalArgumentException(name + ": rowsPerChunk " + rowsPerChunk + " for " + rows + " rows");
        }
        if ((long) rowsPerChunk * cols > RowChunking.MAX_ARRAY_ELEMENTS) {
            throw new IllegalArgumentException(name + ": a chunk of " + rowsPerChunk + " rows exceeds one array");
        }
        if (store == Store.MATRIX && type == StoredType.F16) {
            throw new IllegalArgumentException(name + ": matrices are stored as f32, bf16, Q8_0 or Q3_0");
        }
        if (store == Store.ROW_TABLE && type.q8Layout()) {
            throw new IllegalArgumentException(name + ": row tables are not stored as " + type);
        }
    }

    /** Places a tensor with {@code chunking}. */
    static WeightPlacement of(String name, Store store, int rows, int cols, StoredType type, RowChunking chunking) {
        return new WeightPlacement(name, store, rows, cols, type, chunking.rowsPerChunk(rows, cols));
    }

    /** Number of chunk arrays. */
    int chunks() {
        return rows == 0 ? 0 : (rows + rowsPerChunk - 1) / rowsPerChunk;
    }

    /** Rows in chunk {@code c} (the last may be short). */
    int chunkRows(int c) {
        return Math.min(rowsPerChunk, rows - c * rowsPerChunk);
    }

    /** Total values. */
    long elements() {
        return (long) rows * cols;
    }

    /** Total bytes held in memory. */
    long bytes() {
        return type.bytes(rows, cols);
    }
}
