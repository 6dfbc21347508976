/**
 * The job runner SPI: how the service launches, inspects, cancels and reads the logs of a benchmark run. The
 * embedded default runs the harness as a local child process; the Hugging Face Jobs runner launches a container on
 * the Hub. Implementations MUST be thread safe. All arguments and results are non-null unless documented.
 */
package dev.agentcollab.api.job.spi;
