/** Root package of collab-testkit. */
package dev.agentcollab.testkit;
