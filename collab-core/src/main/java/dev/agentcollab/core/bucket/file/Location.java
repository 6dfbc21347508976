package dev.agentcollab.core.bucket.file;

/**
 * Where the bytes of a content that no object file holds are stored: inside a journal record (until the next
 * compaction) or inside a pack file (after it). Contents are immutable and named by their hash, so a location
 * stays valid for as long as its file exists.
 *
 * @param pack {@code true} for {@code pack.{file}}, {@code false} for {@code journal.{file}.log}
 * @param file the sequence number in the file's name
 * @param offset the byte offset of the content in that file
 * @param size the content's size in bytes
 */
record Location(boolean pack, long file, long offset, long size) {
    Location {
        if (file < 0 || offset < 0 || size < 0 || size > FileBucket.INLINE_MAX) {
            throw new IllegalArgumentException("bad location " + file + "@" + offset + "+" + size);
        }
    }

    static Location journal(long checkpointSeq, long offset, long size) {
        return new Location(false, checkpointSeq, offset, size);
    }

    static Location pack(long packSeq, long offset, long size) {
        return new Location(true, packSeq, offset, size);
    }
}
