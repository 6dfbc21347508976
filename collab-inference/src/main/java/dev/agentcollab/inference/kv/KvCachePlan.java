package dev.agentcollab.inference.kv;

import dev.agentcollab.inference.model.LayerType;
import dev.agentcollab.inference.model.ModelConfig;
import java.util.Objects;

/**
 * How many positions the K/V cache of each layer holds, and what that costs.
 *
 * <p>A sliding layer's query at position {@code p} reads keys {@code p-W+1..p} (W = the sliding window, HF's
 * {@code kv_idx > q_idx - W}), and the drafter's query at the constant position {@code p} reads the {@code W + 1}
 * keys {@code p-W-1..p-1} of the target's shared sliding cache. With {@link KvCacheLayout#RING} such a layer keeps
 * {@code W + 1 + maxBatch} slots, position {@code p} in slot {@code p % capacity}. That bound makes two things exact:
 *
 * <ul>
 *   <li>within one forward of up to {@code maxBatch} rows starting at {@code L}, the newest row {@code L+c-1}
 *       overwrites at most position {@code L+c-1-capacity < L-W}, older than the first row's window {@code L-W+1..L};
 *   <li>after that forward, rolling back to any length {@code L' >= L} (a rejected draft: speculative decoding keeps
 *       {@code L + accepted + 1}) still finds every key a later query or the drafter reads, {@code L'-W-1..L'-1},
 *       because the forward only overwrote positions below {@code L+c-capacity <= L-W-1}.
 * </ul>
 *
 * Rolling back further than the start of the latest forward may need entries the ring dropped; {@link KvRetention}
 * refuses that with a clear error. Global layers keep {@code maxSequenceLength} positions; KV-shared layers keep none
 * (they read their source layer's cache). A ring never exceeds the full length.
 *
 * @param config the model
 * @param maxSequenceLength positions a sequence may reach
 * @param maxBatch the most rows one forward takes (prefill chunk, K+1 for verification)
 * @param layout ring or full length for sliding layers
 */
public record KvCachePlan(ModelConfig config, int maxSequenceLength, int maxBatch, KvCacheLayout layout) {
    /** Validates the sizes. */
    public KvCachePlan {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(layout, "layout");
        if (maxSequenceLength <= 0) {
            throw new IllegalArgumentException("maxSequenceLength must be > 0, but was " + maxSequenceLength);
        }
        if (maxBatch <= 0 || maxBatch > maxSequenceLength) {
            throw new IllegalArgumentException("maxBatch must be in [1, maxSequenceLength], but was " + maxBatch);
        }
    }

    /**
     * Keys the widest sliding query reads: the drafter's {@code W + 1} (a target query reads {@code W}).
     *
     * @return {@code slidingWindow + 1}
     */
    public int slidingKeys() {
        return config.slidingWindow() + 1;
    }

    /**
     * Positions a sliding layer's cache holds.
     *
     * @return {@code min(maxSequenceLength, W + 1 + maxBatch)} for a ring, else {@code maxSequenceLength}
     */
    public int slidingCapacity() {
        if (layout == KvCacheLayout.FULL) {
            return maxSequenceLength;
        }
        return (int) Math.min(maxSequenceLength, (long) slidingKeys() + maxBatch);
    }

    /**
     * Positions the cache of a layer holds.
     *
     * @param layer the layer index
     * @return 0 for a KV-shared layer, {@link #slidingCapacity()} for a sliding one, {@code maxSequenceLength} for a
     *     global one
     */
    public int capacity(int layer) {
        if (!config.ownsKv(layer)) {
            return 0;
        }
        return config.layerType(layer) == LayerType.SLIDING ? slidingCapacity() : maxSequenceLength;
    }

    /**
     * The fewest positions any cache holds, which bounds how far back a rollback can reach.
     *
     * @return the smallest capacity over K/V-owning layers
     */
    public int minCapacity() {
        int min = maxSequenceLength;
        for (int l = 0; l < config.numLayers(); l++) {
            if (config.ownsKv(l)) {
                min = Math.min(min, capacity(l));
            }
        }
        return min;
    }

    /**
     * Values (floats or halves) in one of a layer's two caches (K or V).
     *
     * @param layer the layer index
     * @return {@code capacity * numKvHeads * headDim}
     */
    public long values(int layer) {
        return (long) capacity(layer) * config.numKvHeads() * config.headDim(layer);
    }

    /**
     * Bytes of every K and V cache.
     *
     * @param bytesPerValue 4 for f32 caches (both backends today), 2 for a 16-bit cache
     * @return the total
     */
    public long bytes(int bytesPerValue) {
        return bytes(bytesPerValue, null);
    }

    /**
     * Bytes of the K and V caches of one layer type.
     *
     * @param bytesPerValue bytes per stored value
     * @param type the layer type, or {@code null} for all layers
     * @return the total over K/V-owning layers of that type
     */
    public long bytes(int bytesPerValue, LayerType type) {
        if (bytesPerValue <= 0) {
            throw new IllegalArgumentException("bytesPerValue must be > 0, but was " + bytesPerValue);
        }
        long total = 0;
        for (int l = 0; l < config.numLayers(); l++) {
            if (type == null || config.layerType(l) == type) {
                total += 2 * values(l) * bytesPerValue;
            }
        }
        return total;
    }
}
