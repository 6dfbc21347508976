/**
 * The message board: promoted and raw messages, per-agent inboxes with organizer broadcasts merged in, channels
 * and reply threads, and the catch-up digest. {@link dev.agentcollab.api.board.Board} and
 * {@link dev.agentcollab.api.board.Digests} are the feature interfaces; records are immutable and validated.
 */
package dev.agentcollab.api.board;
