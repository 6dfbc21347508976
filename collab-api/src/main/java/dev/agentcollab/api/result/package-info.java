/**
 * Results: immutable, schema-checked benchmark claims promoted from an agent's scratch bucket, each with an inline
 * verification state ({@code pending}, {@code valid}, {@code invalid}). All types are immutable; arguments and
 * results are non-null unless documented.
 */
package dev.agentcollab.api.result;
