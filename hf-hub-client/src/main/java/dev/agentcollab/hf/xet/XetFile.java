package dev.agentcollab.hf.xet;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything an upload of one file needs: its chunks, the xorbs they are packed in, the file's terms and its
 * file hash, which is the {@code xetHash} a batch {@code addFile} names.
 *
 * @param hash the file hash ({@link XetHashing#fileHash(List)}; zero for empty content)
 * @param size the content length
 * @param chunks the content-defined chunks
 * @param xorbs the xorbs holding the chunks
 * @param terms the file's terms (chunk ranges of the xorbs), in file order
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
     * Chunks, hashes and packs content into xorbs of at most {@code maxXorbBytes} serialized bytes. A chunk that
     * occurs several times in the content is stored once (as xet-core does): the xorbs hold each distinct chunk once,
     * in order of first occurrence, and the terms name chunk ranges of the xorbs, as often as the content repeats
     * them.
     *
     * @param data the content
     * @param maxXorbBytes the xorb size limit ({@link XorbWriter#pack(byte[], List, int)})
     * @return the prepared file
     */
    public static XetFile of(byte[] data, int maxXorbBytes) {
        List<XetChunk> chunks = XetChunker.chunk(data);
        Map<XetHash, XetChunk> distinct = new LinkedHashMap<>();
        chunks.forEach(c -> distinct.putIfAbsent(c.hash(), c));
        List<Xorb> xorbs = XorbWriter.pack(data, List.copyOf(distinct.values()), maxXorbBytes);
        XetHash hash = XetHashing.fileHash(chunks.stream().map(XetChunk::leaf).toList());
        return new XetFile(hash, data.length, chunks, xorbs, terms(chunks, xorbs));
    }

    /** Maps the file's chunks onto their place in the xorbs, merging consecutive chunks of one xorb into a term. */
    private static List<XetTerm> terms(List<XetChunk> chunks, List<Xorb> xorbs) {
        Map<XetHash, int[]> where = new HashMap<>();
        for (int x = 0; x < xorbs.size(); x++) {
            List<XetChunk> in = xorbs.get(x).chunks();
            for (int i = 0; i < in.size(); i++) {
                where.put(in.get(i).hash(), new int[] {x, i});
            }
        }
        List<XetTerm> terms = new ArrayList<>();
        int xorb = -1;
        int start = 0;
        int end = 0;
        for (XetChunk c : chunks) {
            int[] at = where.get(c.hash());
            if (at[0] == xorb && at[1] == end) {
                end++;
                continue;
            }
            if (xorb >= 0) {
                terms.add(XetTerm.of(xorbs.get(xorb), start, end));
            }
            xorb = at[0];
            start = at[1];
            end = at[1] + 1;
        }
        if (xorb >= 0) {
            terms.add(XetTerm.of(xorbs.get(xorb), start, end));
        }
        return terms;
    }

    /**
     * The shard that registers this file and its xorbs, in the upload form (no footer).
     *
     * @return the shard bytes
     */
    public byte[] shard() {
        return ShardWriter.write(hash, terms, xorbs);
    }
}
