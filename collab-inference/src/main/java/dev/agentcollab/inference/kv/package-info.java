/**
 * K/V cache sizing shared by the backends: {@link dev.agentcollab.inference.kv.KvCachePlan} says how many positions
 * each K/V-owning layer keeps (a ring of the sliding window plus one forward's slack for sliding layers, full length
 * for global layers), {@link dev.agentcollab.inference.kv.KvRetention} refuses a rollback that would need an
 * overwritten entry, and {@link dev.agentcollab.inference.kv.KvMemoryTable} prints the bytes for a model shape.
 */
package dev.agentcollab.inference.kv;
