package dev.agentcollab.core.bucket.hf.xet;

import java.util.List;
import java.util.Objects;

/**
 * Everything an upload of one file needs: its chunks, the xorbs they are packed in, the file's terms and its
 * file hash, which is the {@code xetHash} a batch {@code addFile} names.
 *
 * @param hash the file hash ({@link XetHashing#fileHash(List)}; zero for empty content)
 * @param size the content length
 * @param chunks the content-defined chunks
 * @param xorbs the xorbs holding the chunks
 * @param terms one term per xorb, in file order
 */
public record XetFile(XetHash hash, long size, List<XetChunk> chunks, List<Xorb> xorbs, List<XetTerm> terms) {
    /** Checks for nulls and copies the lists. */
    public XetFile {
        Objects.requireNonNull(hash, "hash");
        chunks = List.copyOf(chunks);
        xorbs = List.copyOf(xorbs);
        terms = List.copyOf(terms);
    }

    /**
     * Chunks, hashes and packs content.
     *
     * @param data the content
     * @return the prepared file
     */
    public static XetFile of(byte[] data) {
        return of(data, XorbWriter.MAX_XORB_BYTES);
    }

    /**
     * Chunks, hashes and packs content into xorbs of at most {@code maxXorbBytes} serialized bytes.
     *
     * @param data the content
     * @param maxXorbBytes the xorb size limit ({@link XorbWriter#pack(byte[], List, int)})
     * @return the prepared file
     */
    public static XetFile of(byte[] data, int maxXorbBytes) {
        List<XetChunk> chunks = XetChunker.chunk(data);
        List<Xorb> xorbs = XorbWriter.pack(data, chunks, maxXorbBytes);
        List<XetTerm> terms = xorbs.stream().map(XetTerm::whole).toList();
        XetHash hash = XetHashing.fileHash(chunks.stream().map(XetChunk::leaf).toList());
        return new XetFile(hash, data.length, chunks, xorbs, terms);
    }

    /**
     * The shard that registers this file and its xorbs.
     *
     * @param createdAtSeconds the creation time to record (Unix seconds)
     * @return the shard bytes
     */
    public byte[] shard(long createdAtSeconds) {
        return ShardWriter.write(hash, terms, xorbs, createdAtSeconds);
    }
}
