/** Fitting an MTP drafter's output parts to a given target ({@link dev.agentcollab.inference.distill.DrafterDistill}). */
package dev.agentcollab.inference.distill;
