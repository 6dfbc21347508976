/**
 * A Java client for the Hugging Face Hub: {@link dev.agentcollab.hf.HfHubClient} speaks the Hub's HTTP API
 * (identity, organisation members, buckets: info, creation, tree, paths-info, batch, download), and
 * {@link dev.agentcollab.hf.HttpXetUploader} and {@link dev.agentcollab.hf.HttpXetDownloader} move file bytes
 * through Xet content storage. Failures throw {@link dev.agentcollab.hf.HfHubException}. Arguments and results
 * are non-null unless documented.
 */
package dev.agentcollab.hf;
