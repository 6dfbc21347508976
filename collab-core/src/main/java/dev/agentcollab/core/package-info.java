/** Root package of collab-core. */
package dev.agentcollab.core;
