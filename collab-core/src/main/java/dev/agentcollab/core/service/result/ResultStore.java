package dev.agentcollab.core.service.result;

import dev.agentcollab.api.result.ResultRecord;
import dev.agentcollab.api.result.Verification;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.StoredDoc;
import dev.agentcollab.core.service.leaderboard.RankInput;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Reads result records from the central bucket through the service's read model: every {@code .md} file under
 * {@code results/} except READMEs, each with its verification state. Stateless and thread safe.
 */
public final class ResultStore {
    /** The results folder. */
    public static final String FOLDER = "results/";

    private ResultStore() {}

    /**
     * Every result document, ascending by path.
     *
     * @param reads the read model
     * @return the documents
     */
    public static List<StoredDoc> documents(ReadModel reads) {
        return reads.documents(FOLDER).stream()
                .filter(d -> !d.filename().equalsIgnoreCase("README.md"))
                .toList();
    }

    /**
     * One result document.
     *
     * @param reads the read model
     * @param filename the leaf filename
     * @return the document, or empty when absent or not a result record
     */
    public static Optional<StoredDoc> document(ReadModel reads, String filename) {
        if (!filename.endsWith(".md") || filename.equalsIgnoreCase("README.md") || filename.contains("/")) {
            return Optional.empty();
        }
        return reads.document(FOLDER + filename);
    }

    /**
     * A document as an API record.
     *
     * @param doc the stored document
     * @param index the verification index
     * @return the record
     */
    public static ResultRecord record(StoredDoc doc, Map<String, String> index) {
        return new ResultRecord(
                doc.filename(),
                doc.doc().frontmatter(),
                doc.doc().body(),
                index.getOrDefault(doc.filename(), Verification.PENDING));
    }

    /**
     * Every result document as ranker input, read from the listing: the rankers' fallback for a {@code results/}
     * folder with subfolders, which {@link dev.agentcollab.core.service.leaderboard.RankedResults} does not keep.
     *
     * @param reads the read model
     * @return one input per result document, ascending by path
     */
    public static List<RankInput> rankInputs(ReadModel reads) {
        return documents(reads).stream().map(ResultStore::rankInput).toList();
    }

    /**
     * A document as ranker input.
     *
     * @param doc the stored document
     * @return the input
     */
    public static RankInput rankInput(StoredDoc doc) {
        return new RankInput(
                doc.filename(), doc.doc().frontmatter(), doc.doc().parseError().isPresent());
    }
}
