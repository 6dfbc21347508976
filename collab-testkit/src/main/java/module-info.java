/**
 * The test kit: in-memory buckets with fault injection, a fake Hugging Face Hub on loopback, backend contract
 * suites, JUnit 5 extensions and a settable clock.
 */
module dev.agentcollab.testkit {
    requires transitive dev.agentcollab.api;
    requires transitive org.junit.jupiter.api;
    requires org.junit.jupiter.params;
    requires org.junit.platform.commons;
    requires com.fasterxml.jackson.databind;
    requires org.apache.commons.codec;
    requires org.apache.commons.compress;
    requires jdk.httpserver;

    exports dev.agentcollab.testkit.bucket;
    exports dev.agentcollab.testkit.contract;
    exports dev.agentcollab.testkit.hub;
    exports dev.agentcollab.testkit.junit;
    exports dev.agentcollab.testkit.time;

    opens dev.agentcollab.testkit.bucket to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.testkit.contract to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.testkit.hub to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.testkit.junit to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.testkit.time to
            com.fasterxml.jackson.databind;

    provides dev.agentcollab.api.bucket.spi.BucketStoreProvider with
            dev.agentcollab.testkit.bucket.InMemoryBucketStoreProvider;
}
