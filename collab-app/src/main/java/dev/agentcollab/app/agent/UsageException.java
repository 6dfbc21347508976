package dev.agentcollab.app.agent;

/** A missing or invalid setting or argument found while running a command: reported like a usage error (exit 2). */
final class UsageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    UsageException(String message) {
        super(message);
    }
}
