/** {@code collab bucket}: create, copy and list bucket files of a deployment's store from the shell. */
package dev.agentcollab.app.bucket;
