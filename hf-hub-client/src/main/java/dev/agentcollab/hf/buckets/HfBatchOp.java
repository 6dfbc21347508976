package dev.agentcollab.hf.buckets;

import java.net.URLConnection;
import java.util.Objects;
import java.util.Optional;

/**
 * One line of the NDJSON body of {@code POST /api/buckets/{id}/batch}. Bytes are never sent here: an
 * {@link AddFile} names content already uploaded to Xet storage by its hash.
 */
public sealed interface HfBatchOp permits HfBatchOp.AddFile, HfBatchOp.CopyFile, HfBatchOp.DeleteFile {

    /**
     * The destination path.
     *
     * @return the path inside the bucket
     */
    String path();

    /**
     * {@code {"type":"addFile","path","xetHash","mtime"[,"contentType"]}}.
     *
     * @param path the destination
     * @param xetHash the hash of the uploaded content
     * @param mtimeMillis the modification time in Unix milliseconds
     * @param contentType the MIME type to record, when known
     */
    record AddFile(String path, String xetHash, long mtimeMillis, Optional<String> contentType) implements HfBatchOp {
        /** Checks for nulls. */
        public AddFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(xetHash, "xetHash");
            Objects.requireNonNull(contentType, "contentType");
        }

        /**
         * An {@code addFile} whose content type is guessed from the path's extension, as {@code huggingface_hub}
         * guesses it ({@code text/markdown} for {@code .md}, {@code application/json} for {@code .json}, ...).
         *
         * @param path the destination
         * @param xetHash the hash of the uploaded content
         * @param mtimeMillis the modification time in Unix milliseconds
         */
        public AddFile(String path, String xetHash, long mtimeMillis) {
            this(path, xetHash, mtimeMillis, Optional.ofNullable(URLConnection.guessContentTypeFromName(path)));
        }
    }

    /**
     * {@code {"type":"copyFile","path","xetHash","sourceRepoType","sourceRepoId"}}: a server-side copy by hash.
     *
     * @param path the destination
     * @param xetHash the hash of the source file
     * @param sourceRepoType {@code bucket}, {@code model}, {@code dataset} or {@code space}
     * @param sourceRepoId the source, e.g. {@code org/other-bucket}
     */
    record CopyFile(String path, String xetHash, String sourceRepoType, String sourceRepoId) implements HfBatchOp {
        /** Checks for nulls. */
        public CopyFile {
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(xetHash, "xetHash");
            Objects.requireNonNull(sourceRepoType, "sourceRepoType");
            Objects.requireNonNull(sourceRepoId, "sourceRepoId");
        }
    }

    /**
     * {@code {"type":"deleteFile","path"}}.
     *
     * @param path the file to delete
     */
    record DeleteFile(String path) implements HfBatchOp {
        /** Checks for nulls. */
        public DeleteFile {
            Objects.requireNonNull(path, "path");
        }
    }
}
