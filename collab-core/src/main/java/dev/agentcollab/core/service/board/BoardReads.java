package dev.agentcollab.core.service.board;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.service.internal.ListEngine;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ServiceContext;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Read-side helpers shared by the board and the digest. Thread safe (stateless). */
final class BoardReads {
    private final ServiceContext ctx;

    BoardReads(ServiceContext ctx) {
        this.ctx = ctx;
    }

    /** Every board message, ascending by filename, READMEs excluded. */
    List<StoredDoc> board() {
        return records(Folders.BOARD);
    }

    /** Markdown records under a folder, READMEs excluded. */
    List<StoredDoc> records(String folder) {
        List<StoredDoc> out = new ArrayList<>();
        for (StoredDoc d : ctx.reads().documents(folder)) {
            if (!d.filename().equalsIgnoreCase("README.md")) {
                out.add(d);
            }
        }
        return out;
    }

    /**
     * The inbox union: the handle's copies plus every broadcast, deduped by filename (own copy wins), ascending.
     *
     * @throws CollabException {@code INVALID_PATH}, {@code NOT_REGISTERED}
     */
    List<StoredDoc> inbox(String handle) {
        String h = Names.agentId(handle);
        if (!Names.isHumanHandle(h) && !ctx.agents().isRegistered(h)) {
            throw CollabException.of(
                    ErrorCode.NOT_REGISTERED,
                    "agent '" + h + "' is not registered",
                    "register first via POST /v1/agents/register");
        }
        Map<String, StoredDoc> union = new TreeMap<>();
        for (StoredDoc d : records(Folders.BROADCASTS)) {
            union.put(d.filename(), d);
        }
        for (StoredDoc d : records(Folders.inbox(h))) {
            union.put(d.filename(), d);
        }
        return List.copyOf(union.values());
    }

    static List<ListEngine.Item<MessageRecord>> items(List<StoredDoc> docs) {
        return ListEngine.items(docs, StoredDoc::record);
    }
}
