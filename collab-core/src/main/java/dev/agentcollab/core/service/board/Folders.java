package dev.agentcollab.core.service.board;

/** Central-bucket folders of the board (reference §11). */
final class Folders {
    static final String BOARD = "message_board/";
    static final String BROADCASTS = "broadcasts/";
    static final String INBOX = "inbox/";

    private Folders() {}

    static String inbox(String handle) {
        return INBOX + handle + "/";
    }
}
