package dev.agentcollab.core.service.result;

import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.StoredDoc;
import dev.agentcollab.core.service.leaderboard.RankInput;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The ranker's input of every result, kept per file content: ranking again after a promotion or a verdict reads
 * the new or changed results only, instead of every result's document and a copy of its frontmatter (at 20,000
 * results that was most of a ranking's 50-80 ms). An input is reused while the file's content hash in the
 * {@code results/} view is the one it was made from, so out-of-band edits are read once the view lists them. The
 * inputs of files no longer listed are dropped. Holds one frontmatter map per result. Thread safe.
 */
public final class RankInputs {
    /** An input and the content it was made from. */
    private record Known(String hash, RankInput input) {}

    private final ConcurrentHashMap<String, Known> byPath = new ConcurrentHashMap<>();

    /**
     * The inputs of every result, in the order of {@link ResultStore#documents}.
     *
     * @param reads the read model
     * @return one input per result document
     */
    public List<RankInput> of(ReadModel reads) {
        Optional<ReadModel.Records> view = reads.records(ResultStore.FOLDER);
        if (view.isEmpty()) { // a folder with subfolders: read as the listing does
            return ResultStore.documents(reads).stream()
                    .map(ResultStore::rankInput)
                    .toList();
        }
        ReadModel.Records records = view.get();
        List<RankInput> out = new ArrayList<>(records.count());
        records.forEachEntry((filename, entry) -> {
            String path = entry.path().value(); // keyed by the listed path, whose string hash is computed once
            Known known = byPath.get(path);
            if (known == null || !known.hash().equals(entry.contentHash())) {
                Optional<StoredDoc> doc = records.load(filename); // empty when gone since the walk
                if (doc.isEmpty()) {
                    return;
                }
                known = new Known(doc.get().entry().contentHash(), ResultStore.rankInput(doc.get()));
                byPath.put(path, known);
            }
            out.add(known.input());
        });
        if (byPath.size() > records.count()) { // some were deleted: keep the inputs of listed records only
            Set<String> listed = new HashSet<>();
            records.forEachEntry((filename, entry) -> listed.add(entry.path().value()));
            byPath.keySet().retainAll(listed);
        }
        return out;
    }
}
