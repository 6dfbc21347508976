/**
 * The local-folder bucket backend ({@code file:}), {@link dev.agentcollab.core.bucket.file.FileSystemBucketStore}:
 * crash-safe, atomic batches, safe for concurrent writers in several processes.
 */
package dev.agentcollab.core.bucket.file;
