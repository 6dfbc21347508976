/** Root package of collab-inference. */
package dev.agentcollab.inference;
