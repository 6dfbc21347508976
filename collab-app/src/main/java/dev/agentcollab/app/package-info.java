/** Root package of collab-app. */
package dev.agentcollab.app;
