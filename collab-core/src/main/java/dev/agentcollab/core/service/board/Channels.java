package dev.agentcollab.core.service.board;

import dev.agentcollab.api.board.ChannelSummary;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.Stamps;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** Derives channel summaries from board messages (the {@code channel} frontmatter key). */
final class Channels {
    private Channels() {}

    static List<ChannelSummary> summaries(List<StoredDoc> board) {
        Map<String, List<StoredDoc>> byChannel = new LinkedHashMap<>();
        for (StoredDoc d : board) {
            String c = d.doc().text("channel");
            if (Names.isId(c)) {
                byChannel.computeIfAbsent(c, k -> new ArrayList<>()).add(d);
            }
        }
        List<ChannelSummary> out = new ArrayList<>();
        byChannel.forEach((name, docs) -> {
            TreeSet<String> participants = new TreeSet<>();
            String last = "";
            for (StoredDoc d : docs) {
                participants.add(Names.agentFromFilename(d.filename()));
                if (d.filename().compareTo(last) > 0) {
                    last = d.filename();
                }
            }
            out.add(new ChannelSummary(name, docs.size(), List.copyOf(participants), Stamps.stampOf(last), last));
        });
        out.sort(Comparator.comparing(ChannelSummary::lastFilename).reversed().thenComparing(ChannelSummary::channel));
        return out;
    }
}
