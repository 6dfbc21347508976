/** Benchmark commands ({@link dev.agentcollab.inference.bench.SpecDecodeBench}) and instruments. */
package dev.agentcollab.inference.bench;
