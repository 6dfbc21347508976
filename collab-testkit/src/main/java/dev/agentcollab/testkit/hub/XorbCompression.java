package dev.agentcollab.testkit.hub;

/** How the fake CAS serves xorb chunks ({@link FakeHfHub#serveXorbsCompressed}), whatever scheme they were uploaded in. */
public enum XorbCompression {
    /** Stored as is (scheme 0). */
    NONE,
    /** An LZ4 frame with linked blocks (scheme 1), as huggingface.js writes. */
    LZ4_LINKED,
    /** An LZ4 frame with independent blocks (scheme 1), as xet-core writes. */
    LZ4_INDEPENDENT,
    /** The BG4 byte planes in an LZ4 frame with linked blocks (scheme 2). */
    BG4_LZ4_LINKED
}
