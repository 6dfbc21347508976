/**
 * {@code collab init}: starts a new collaboration in one step (configuration, token file, buckets, agent README,
 * SETUP.md).
 */
package dev.agentcollab.app.init;
