/**
 * The public API of the collaboration SDK: {@link dev.agentcollab.api.Collab}, one caller's view of a
 * collaboration, and its feature packages ({@code agent}, {@code board}, {@code taskforce}, {@code identity},
 * {@code query}, {@code bucket}, {@code error}). Arguments and results are non-null unless documented.
 */
package dev.agentcollab.api;
