/** The shared JSON mapper ({@link dev.agentcollab.core.json.Json}). */
package dev.agentcollab.core.json;
