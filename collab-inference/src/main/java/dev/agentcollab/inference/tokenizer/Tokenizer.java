package dev.agentcollab.inference.tokenizer;

import java.util.OptionalInt;

/**
 * Text to token ids and back. Implementations are immutable and thread safe.
 */
public interface Tokenizer {
    /**
     * Encodes text. Special (added) tokens written literally in the text, such as {@code <start_of_turn>}, become
     * their ids; no BOS is added.
     *
     * @param text the text
     * @return token ids
     * @throws dev.agentcollab.api.error.CollabException {@link dev.agentcollab.api.error.ErrorCode#INVALID_REQUEST} if
     *     the text has an unpaired surrogate (it has no UTF-8 encoding; it is never replaced silently)
     */
    int[] encode(String text);

    /**
     * Decodes ids to text; byte-fallback tokens are reassembled into UTF-8. An id outside the vocabulary (negative,
     * past it, or one it has no token for) has no text and is skipped, as HF tokenizers' {@code decode} skips the ids
     * it does not know; {@link #piece(int)} refuses it.
     *
     * @param ids token ids
     * @param skipSpecial whether special tokens are left out
     * @return the text
     */
    String decode(int[] ids, boolean skipSpecial);

    /**
     * The vocabulary size (the largest id plus one).
     *
     * @return the size
     */
    int vocabSize();

    /**
     * Looks a token up by its piece, e.g. {@code "<bos>"} or {@code "▁the"}.
     *
     * @param piece the token string
     * @return its id, or empty
     */
    OptionalInt id(String piece);

    /**
     * The piece of an id.
     *
     * @param id the token id
     * @return the token string
     * @throws IllegalArgumentException for ids outside the vocabulary
     */
    String piece(int id);
}
