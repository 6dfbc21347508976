/**
 * Shared command-line plumbing of the {@code collab} tool (picocli): one-line errors with exit status 2, the
 * project version, and the exit-status conventions used by every command.
 */
package dev.agentcollab.inference.cli;
