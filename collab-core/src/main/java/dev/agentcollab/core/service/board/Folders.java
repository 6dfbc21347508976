package dev.agentcollab.core.service.board;

/** Central-bucket folders of the board (reference §11). */
final class Folders {
    static final String BOARD = "message_board/";
    static final String BROADCASTS = "broadcasts/";
    static final String INBOX = "inbox/";
    /** The results' folder, which the results listing searches with {@link TextSearch}. */
    static final String RESULTS = "results/";
    /** The shared traces' folder, whose manifests the trace library searches with {@link TextSearch}. */
    static final String TRACES = "traces/";
    /** The taskforces' folder: each taskforce's notes are searched with {@link TextSearch}. */
    static final String TASKFORCES = "taskforces/";

    private Folders() {}

    static String inbox(String handle) {
        return INBOX + handle + "/";
    }
}
