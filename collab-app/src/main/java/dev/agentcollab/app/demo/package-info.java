/**
 * The demo's benchmark pieces: {@link dev.agentcollab.app.demo.DemoBenchmark} writes submissions of the tiny
 * Gemma-4-shaped pair ({@link dev.agentcollab.inference.pair.TinyPair}) with a demo tokenizer and synthetic harness
 * data, and runs them through the library's harness. Only {@code collab demo} and its tests use it; the harness
 * itself lives in {@code collab-inference}.
 */
package dev.agentcollab.app.demo;
