package dev.agentcollab.inference.model;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;

/** The attention kind of one decoder layer, as named by HF {@code layer_types}. */
public enum LayerType {
    /** Local attention over the last {@code sliding_window} positions (the current one included). */
    SLIDING("sliding_attention"),
    /** Global (full causal) attention. */
    GLOBAL("full_attention");

    private final String hfName;

    LayerType(String hfName) {
        this.hfName = hfName;
    }

    /**
     * The name used in HF {@code config.json}.
     *
     * @return {@code sliding_attention} or {@code full_attention}
     */
    public String hfName() {
        return hfName;
    }

    /**
     * Parses an HF layer-type name.
     *
     * @param name {@code sliding_attention} or {@code full_attention}
     * @return the layer type
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for any other name
     */
    public static LayerType fromHf(String name) {
        for (LayerType t : values()) {
            if (t.hfName.equals(name)) {
                return t;
            }
        }
        throw CollabException.of(ErrorCode.INVALID_REQUEST, "unknown layer type: " + name);
    }
}
