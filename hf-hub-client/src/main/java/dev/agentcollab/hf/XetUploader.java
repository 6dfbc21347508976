package dev.agentcollab.hf;

/**
 * Uploads file bytes to Xet content storage and returns the hash that a {@link dev.agentcollab.hf.buckets.HfBatchOp.AddFile} then names.
 * {@link HttpXetUploader} speaks the Xet protocol (chunking, xorbs, shards); see docs/hf-buckets-protocol.md.
 * Implementations MUST be thread safe.
 */
public interface XetUploader {

    /**
     * Uploads content, renewing the write token when it is about to expire or the CAS rejects it.
     *
     * @param tokens write tokens for the target bucket
     * @param bytes the content
     * @return the Xet hash under which the content is stored
     * @throws HfHubException when the upload fails
     */
    String upload(XetTokens tokens, byte[] bytes);

    /**
     * Uploads content with one token that is never renewed.
     *
     * @param token a write token for the target bucket
     * @param bytes the content
     * @return the Xet hash under which the content is stored
     * @throws HfHubException when the upload fails
     */
    default String upload(XetWriteToken token, byte[] bytes) {
        return upload(XetTokens.fixed(token), bytes);
    }
}
