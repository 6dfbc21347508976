/** Token selection: greedy, temperature, top-k and top-p sampling with an injected source of randomness. */
package dev.agentcollab.inference.sampling;
