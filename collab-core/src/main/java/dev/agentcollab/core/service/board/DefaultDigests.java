package dev.agentcollab.core.service.board;

import dev.agentcollab.api.board.Digest;
import dev.agentcollab.api.board.DigestQuery;
import dev.agentcollab.api.board.Digests;
import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.core.service.DigestSection;
import dev.agentcollab.core.service.internal.AgentDirectory;
import dev.agentcollab.core.service.internal.ReadModel;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.internal.Stamps;
import dev.agentcollab.core.service.internal.StoredDoc;
import dev.agentcollab.core.service.taskforce.TaskforceIndex;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The digest (§6): agents, taskforces, 20 recent messages, the reader's inbox, plus sections contributed by
 * other features (leaderboard, recent results, stats). Thread safe.
 */
public final class DefaultDigests implements Digests {
    private final ServiceContext ctx;
    private final List<DigestSection> sections;
    private final BoardReads reads;

    /**
     * Creates the digest.
     *
     * @param ctx the service context
     * @param sections contributed sections, in wire order
     */
    public DefaultDigests(ServiceContext ctx, List<DigestSection> sections) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.sections = List.copyOf(sections);
        this.reads = new BoardReads(ctx);
    }

    @Override
    public Digest get(DigestQuery query) {
        Optional<String> since = query.since().map(s -> Stamps.parseBound("since", s));
        Optional<List<StoredDoc>> inbox = query.as().map(reads::inbox);
        Newcomers newcomers = newcomers();
        List<MessageRecord> recent = ctx.reads()
                .records(Folders.BOARD)
                .map(board -> newest(board, since, 20))
                .orElseGet(() -> newest(sinceFiltered(reads.board(), since), 20));
        Optional<Digest.Inbox> inboxSection = inbox.map(docs -> {
            List<StoredDoc> filtered = sinceFiltered(docs, since);
            return new Digest.Inbox(filtered.size(), newest(filtered, 10));
        });
        Map<String, Object> extra = new LinkedHashMap<>();
        for (DigestSection s : sections) {
            extra.put(s.key(), s.compute(query, since));
        }
        return new Digest(
                newcomers.agents(), newcomers.taskforces(), recent, inboxSection, extra, Stamps.iso(ctx.now()));
    }

    /** The digest's agents and taskforces parts, and the listing versions they were computed from. */
    private record Newcomers(
            long agentsVersion, long taskforcesVersion, Digest.Newest agents, Digest.Newest taskforces) {}

    /** The last computed part of each kind, per read model: each changes only when its own folder does. */
    private static final class NewcomerCache {
        volatile Newcomers last;
    }

    /**
     * The agents and taskforces parts, each computed again only when its own listing ({@code agents/} or
     * {@code taskforces/}) changed (a write, or a reload that may hold out-of-band edits), not on every digest: a
     * taskforce note does not make the next digest read every agent's record.
     */
    private Newcomers newcomers() {
        NewcomerCache cache = ctx.reads().extension(NewcomerCache.class, r -> new NewcomerCache());
        long av = ctx.reads().version(AgentDirectory.FOLDER);
        long tv = ctx.reads().version(TaskforceIndex.FOLDER);
        Newcomers last = cache.last;
        if (last != null && last.agentsVersion() == av && last.taskforcesVersion() == tv) {
            return last;
        }
        Digest.Newest agents = last != null && last.agentsVersion() == av ? last.agents() : newestAgents();
        Digest.Newest taskforces =
                last != null && last.taskforcesVersion() == tv ? last.taskforces() : newestTaskforces();
        Newcomers fresh = new Newcomers(av, tv, agents, taskforces);
        cache.last = fresh;
        return fresh;
    }

    private Digest.Newest newestAgents() {
        List<StoredDoc> agents = reads.records(AgentDirectory.FOLDER);
        List<String> newest = agents.stream()
                .sorted(Comparator.comparing((StoredDoc d) -> d.doc().text("joined"))
                        .reversed())
                .limit(5)
                .map(d -> d.filename().substring(0, d.filename().length() - 3))
                .toList();
        return new Digest.Newest(agents.size(), newest);
    }

    /**
     * The taskforces part: from each README's {@code created}, without reading any taskforce's other files. A
     * {@code created} that is not a server stamp ({@code YYYY-MM-DD HH:MM UTC}) sorts as the oldest, as in the
     * reference and in the taskforce listing.
     */
    private Digest.Newest newestTaskforces() {
        Map<String, String> created = new TaskforceIndex(ctx.reads()).created();
        List<String> newest = created.entrySet().stream()
                .map(e -> Map.entry(e.getKey(), Stamps.yamlToFilename(e.getValue())))
                .sorted(Map.Entry.<String, String>comparingByValue()
                        .thenComparing(Map.Entry.comparingByKey())
                        .reversed())
                .limit(5)
                .map(Map.Entry::getKey)
                .toList();
        return new Digest.Newest(created.size(), newest);
    }

    private static List<StoredDoc> sinceFiltered(List<StoredDoc> docs, Optional<String> since) {
        if (since.isEmpty()) {
            return docs;
        }
        List<StoredDoc> out = new ArrayList<>();
        for (StoredDoc d : docs) {
            if (Stamps.stampOf(d.filename()).compareTo(since.get()) >= 0) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * The newest {@code n} records at or after {@code since}, walking the sorted view from its end: O(n + log N).
     * A filename's stamp is its first characters, so stamps fall monotonically along the walk and the first one
     * before {@code since} ends it.
     */
    private static List<MessageRecord> newest(ReadModel.Records board, Optional<String> since, int n) {
        List<MessageRecord> out = new ArrayList<>();
        for (Iterator<String> it = board.filenames(null, null, true); it.hasNext() && out.size() < n; ) {
            String filename = it.next();
            if (since.isPresent() && Stamps.stampOf(filename).compareTo(since.get()) < 0) {
                break;
            }
            board.load(filename).ifPresent(d -> out.add(d.record()));
        }
        return out;
    }

    private static List<MessageRecord> newest(List<StoredDoc> ascending, int n) {
        List<MessageRecord> out = new ArrayList<>();
        for (int i = ascending.size() - 1; i >= 0 && out.size() < n; i--) {
            out.add(ascending.get(i).record());
        }
        return out;
    }
}
