/**
 * Traces: agent session bundles ({@code traces/<agent>/<session>/manifest.md}, plus the native log when shared in
 * full) and the project-wide token statistics computed from their manifests. All types are immutable; arguments
 * and results are non-null unless documented.
 */
package dev.agentcollab.api.trace;
