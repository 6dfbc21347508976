/**
 * Benchmark jobs ({@code POST /v1/jobs:run}): an agent's submission is run by the challenge harness on the
 * deployment's hardware, capped per agent and per user over 24 hours. The runner SPI lives in
 * {@link dev.agentcollab.api.job.spi}. All types are immutable; arguments and results are non-null unless
 * documented.
 */
package dev.agentcollab.api.job;
