/** Who a Hub token belongs to ({@code whoami-v2}) and the members of an organisation with their roles. */
package dev.agentcollab.hf.identity;
