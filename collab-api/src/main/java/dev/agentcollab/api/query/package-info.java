/**
 * The shared list grammar of the collaboration API: {@link dev.agentcollab.api.query.ListQuery} (filters,
 * cursors, order, limit) and {@link dev.agentcollab.api.query.Page} (count, matched, items, next). All types are
 * immutable and thread safe; arguments and results are non-null unless documented.
 */
package dev.agentcollab.api.query;
