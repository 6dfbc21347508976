package dev.agentcollab.core.service.agent;

import dev.agentcollab.api.agent.AgentInfo;
import dev.agentcollab.core.service.internal.StoredDoc;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Maps stored registrations to {@link AgentInfo}. */
final class AgentRecords {
    private AgentRecords() {}

    static AgentInfo toInfo(StoredDoc d) {
        Map<String, Object> fm = d.doc().frontmatter();
        String stem = d.filename().substring(0, d.filename().length() - 3);
        String name = text(fm.get("agent_name"));
        List<String> tools = new ArrayList<>();
        if (fm.get("agent_tools") instanceof List<?> list) {
            list.forEach(t -> tools.add(String.valueOf(t)));
        }
        String bio = d.doc().body().strip();
        return new AgentInfo(
                name.isEmpty() ? stem : name,
                text(fm.get("hf_user")),
                text(fm.get("agent_model")),
                text(fm.get("agent_harness")),
                tools,
                text(fm.get("agent_bucket")),
                text(fm.get("joined")),
                bio.isEmpty() ? Optional.empty() : Optional.of(bio));
    }

    private static String text(Object o) {
        return o == null ? "" : String.valueOf(o);
    }
}
