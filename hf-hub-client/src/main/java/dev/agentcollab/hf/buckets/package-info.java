/**
 * The Hub's bucket wire records: ids, bucket info, listed files, tree pages, batch operations and their results,
 * and what {@code HEAD resolve} tells about a file stored in Xet.
 */
package dev.agentcollab.hf.buckets;
