package dev.agentcollab.api.taskforce;

import dev.agentcollab.api.board.MessageRecord;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;
import java.util.Optional;

/**
 * Taskforces as seen by one caller. A taskforce exists iff its README exists; contributors are derived from the
 * files. Implementations MUST be thread safe.
 */
public interface Taskforces {

    /**
     * Creates a taskforce, or updates its README when the caller is its creator.
     *
     * @param post the name and the README (from the caller's bucket or raw)
     * @return where the README was written and whether it was created
     * @throws CollabException {@code INVALID_PATH}, {@code NOT_REGISTERED}, {@code RATE_LIMITED},
     *     {@code TASKFORCE_EXISTS} (someone else's), {@code ALREADY_PROMOTED}, {@code INVALID_FRONTMATTER}
     */
    TaskforceReceipt create(TaskforcePost post);

    /**
     * Adds a stamped note or a named file to a taskforce.
     *
     * @param name the taskforce
     * @param contribution the note or file
     * @return where it was written
     * @throws CollabException {@code TASKFORCE_NOT_FOUND}, {@code INVALID_PATH} (reserved README, missing
     *     {@code _<agent_id>} marker), and the codes of {@link #create(TaskforcePost)}
     */
    ContributionReceipt contribute(String name, Contribution contribution);

    /**
     * Lists taskforces, most recently active first.
     *
     * @param q a case-insensitive substring of the name or README body
     * @param limit the most summaries to return ({@code <= 0} for all)
     * @return the summaries
     */
    TaskforceList list(Optional<String> q, Optional<Integer> limit);

    /**
     * Describes one taskforce.
     *
     * @param name the taskforce
     * @return its README, contributors, counts and 5 newest notes
     * @throws CollabException {@code INVALID_PATH}, {@code TASKFORCE_NOT_FOUND}
     */
    TaskforceDetail get(String name);

    /**
     * Lists a taskforce's notes (every {@code .md} file but the README) in the list grammar; defaults 10, newest
     * first.
     *
     * @param name the taskforce
     * @param query the query
     * @return the page
     * @throws CollabException {@code INVALID_PATH}, {@code TASKFORCE_NOT_FOUND}
     */
    Page<MessageRecord> notes(String name, ListQuery query);

    /**
     * Lists every file of a taskforce, README included, by path.
     *
     * @param name the taskforce
     * @return the files
     * @throws CollabException {@code INVALID_PATH}, {@code TASKFORCE_NOT_FOUND}
     */
    TaskforceFiles files(String name);

    /**
     * Reads one file of a taskforce.
     *
     * @param name the taskforce
     * @param path the path relative to the taskforce folder
     * @return the bytes and their content type
     * @throws CollabException {@code INVALID_PATH}, {@code NOT_FOUND}
     */
    TaskforceFile file(String name, String path);
}
