/** The pure-Java reference backend ({@link dev.agentcollab.inference.cpu.CpuBackend}). */
package dev.agentcollab.inference.cpu;
