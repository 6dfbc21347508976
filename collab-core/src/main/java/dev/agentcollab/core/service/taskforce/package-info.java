/**
 * Taskforces over the central bucket's {@code taskforces/<name>/} folders: README create/update, stamped notes,
 * named files, and summaries whose contributors are derived from the files.
 */
package dev.agentcollab.core.service.taskforce;
