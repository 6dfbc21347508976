/**
 * Internals of the {@code /v1} HTTP server and client: routing, request parsing, the single error mapper, wire
 * mapping and retry policy. Not API: anything here may change without notice.
 */
package dev.agentcollab.core.http.internal;
