package dev.agentcollab.api.taskforce;

import java.util.List;

/**
 * A listing of taskforces.
 *
 * @param count every taskforce
 * @param matched the taskforces matching {@code q}
 * @param items the summaries returned (at most {@code limit})
 */
public record TaskforceList(int count, int matched, List<TaskforceSummary> items) {
    /** Copies the items. */
    public TaskforceList {
        items = List.copyOf(items);
    }
}
