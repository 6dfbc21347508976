package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.bucket.BucketEntry;
import java.util.Objects;

/**
 * A central-bucket file with its parsed content, as served by the {@link ReadModel}.
 *
 * @param entry the listing entry (path, size, hash)
 * @param doc the parsed document (lenient: a malformed file has a parse error and empty frontmatter)
 */
public record StoredDoc(BucketEntry entry, Document doc) {
    /** Checks for nulls. */
    public StoredDoc {
        Objects.requireNonNull(entry, "entry");
        Objects.requireNonNull(doc, "doc");
    }

    /**
     * The leaf filename.
     *
     * @return the last path component
     */
    public String filename() {
        return entry.path().leaf();
    }

    /**
     * The full path.
     *
     * @return the path inside the central bucket
     */
    public String path() {
        return entry.path().value();
    }

    /**
     * The document as an API record.
     *
     * @return the record named by the leaf filename
     */
    public MessageRecord record() {
        return new MessageRecord(filename(), doc.frontmatter(), doc.body());
    }
}
