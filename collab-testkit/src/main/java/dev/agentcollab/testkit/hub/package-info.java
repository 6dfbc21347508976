/**
 * An in-process fake of the Hugging Face Hub's bucket and identity HTTP endpoints,
 * {@link dev.agentcollab.testkit.hub.FakeHfHub}. Arguments and results are non-null unless documented.
 */
package dev.agentcollab.testkit.hub;
