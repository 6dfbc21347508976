/**
 * The {@code collab} command tree (picocli): {@code init}, {@code serve}, {@code demo}, {@code bench},
 * {@code harness}, {@code analyze}. {@link dev.agentcollab.app.cli.CollabMain} is the entry point of the packaged
 * jar.
 */
package dev.agentcollab.app.cli;
