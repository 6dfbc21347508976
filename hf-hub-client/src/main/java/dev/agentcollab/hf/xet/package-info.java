/**
 * The Xet content-addressed storage protocol that Hugging Face Hub buckets store bytes in: content-defined
 * chunking ({@link dev.agentcollab.hf.xet.XetChunker}), BLAKE3-keyed chunk, xorb and file hashes
 * ({@link dev.agentcollab.hf.xet.XetHashing}), xorb and shard serialization
 * ({@link dev.agentcollab.hf.xet.XorbWriter}, {@link dev.agentcollab.hf.xet.ShardWriter})
 * and the CAS upload ({@link dev.agentcollab.hf.HttpXetUploader}). The protocol as implemented is
 * written down in docs/hf-buckets-protocol.md.
 */
package dev.agentcollab.hf.xet;
