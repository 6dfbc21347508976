/** Settable time sources for deterministic tests: {@link dev.agentcollab.testkit.time.MutableClock}. */
package dev.agentcollab.testkit.time;
