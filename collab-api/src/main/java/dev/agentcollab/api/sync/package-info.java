/**
 * Syncs: copying a folder of an agent's scratch bucket into the central bucket, as artifacts
 * ({@code artifacts/<slug>_<agent>/}) or shared resources ({@code shared_resources/<dest>/}), within size and
 * file-count caps. All types are immutable; arguments and results are non-null unless documented.
 */
package dev.agentcollab.api.sync;
