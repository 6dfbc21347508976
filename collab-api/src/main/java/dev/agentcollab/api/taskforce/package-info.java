/**
 * Taskforces: small working groups with a README, stamped notes and named files under
 * {@code taskforces/<name>/}. {@link dev.agentcollab.api.taskforce.Taskforces} is the feature interface; records
 * are immutable and validated.
 */
package dev.agentcollab.api.taskforce;
