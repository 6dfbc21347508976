/** Helpers shared by collab-core's packages; not exported. */
package dev.agentcollab.core.internal;
