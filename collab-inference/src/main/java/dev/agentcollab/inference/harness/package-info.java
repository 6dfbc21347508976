/**
 * The benchmark harness: measures a submission the way the Gemma challenge does (completion tokens per second
 * of wall time, one request at a time, fixed output length), checks quality (token-weighted perplexity against a
 * gate, multiple-choice accuracy and its confusion matrix, the lossy/lossless flag), writes
 * {@code summary.json} per the jobs harness contract, renders result files, tables and a TPS-vs-perplexity chart,
 * and submits results through {@link dev.agentcollab.api.Collab}.
 *
 * <p>Entry points: {@link dev.agentcollab.inference.harness.HarnessMain} (jobs: {@code --submission-dir DIR
 * --state-dir DIR}) and {@link dev.agentcollab.inference.harness.BenchmarkHarness}. The submission directory layout
 * is {@link dev.agentcollab.inference.harness.SubmissionLayout}; see {@code docs/harness.md}.
 */
package dev.agentcollab.inference.harness;
