/**
 * Contract suites that every backend must pass: extend {@link dev.agentcollab.testkit.contract.BucketStoreContract}
 * and implement its one hook. Shipped in the main jar (not a test-jar) so third-party backends can run it too.
 */
package dev.agentcollab.testkit.contract;
