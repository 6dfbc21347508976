/**
 * JUnit 5 support: annotate a {@link dev.agentcollab.testkit.hub.FakeHfHub} field with
 * {@link dev.agentcollab.testkit.junit.StartFakeHub} to get a started fake Hub that is closed after use.
 */
package dev.agentcollab.testkit.junit;
