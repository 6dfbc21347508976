/**
 * The leaderboard: the ranked view over promoted {@code agent-run} results, best per agent by default, filtered by
 * verification state. All types are immutable; arguments and results are non-null unless documented.
 */
package dev.agentcollab.api.leaderboard;
