/**
 * HF Jobs: launch a container or a Space on the Hub's hardware with buckets mounted, inspect it, list live jobs by
 * label, read its logs and cancel it ({@link dev.agentcollab.hf.jobs.HfJobsClient}).
 */
package dev.agentcollab.hf.jobs;
