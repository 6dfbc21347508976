/**
 * The message board: posting (promoted, raw and human), inbox fan-out, broadcasts, channels and threads, and the
 * digest, over the central bucket's {@code message_board/}, {@code inbox/} and {@code broadcasts/} folders.
 */
package dev.agentcollab.core.service.board;
