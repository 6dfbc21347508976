/**
 * Bucket backends ({@code file:}, {@code hf://buckets}), resilience decorators, the collaboration service, the
 * {@code /v1} HTTP server and client, and the dashboard. The {@code internal} packages are not exported.
 */
module dev.agentcollab.core {
    requires transitive dev.agentcollab.api;
    requires transitive com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.yaml.snakeyaml;
    requires com.fasterxml.jackson.datatype.jsr310;
    requires com.fasterxml.jackson.datatype.jdk8;
    requires transitive java.net.http;
    requires transitive dev.agentcollab.hf;
    requires org.slf4j;
    requires org.eclipse.jetty.server;
    requires org.eclipse.jetty.http;
    requires org.eclipse.jetty.io;
    requires org.eclipse.jetty.util;
    requires io.github.resilience4j.core;
    requires io.github.resilience4j.retry;
    requires io.github.resilience4j.circuitbreaker;
    requires com.github.benmanes.caffeine;
    requires roaringbitmap;

    exports dev.agentcollab.core.bucket;
    exports dev.agentcollab.core.bucket.file;
    exports dev.agentcollab.core.bucket.hf;
    exports dev.agentcollab.core.bucket.resilience;
    exports dev.agentcollab.core.http;
    exports dev.agentcollab.core.json;
    exports dev.agentcollab.core.service;
    exports dev.agentcollab.core.service.agent;
    exports dev.agentcollab.core.service.claim;
    exports dev.agentcollab.core.service.board;
    exports dev.agentcollab.core.service.identity;
    exports dev.agentcollab.core.service.job;
    exports dev.agentcollab.core.service.leaderboard;
    exports dev.agentcollab.core.service.result;
    exports dev.agentcollab.core.service.sync;
    exports dev.agentcollab.core.service.taskforce;
    exports dev.agentcollab.core.service.trace;
    exports dev.agentcollab.core.service.verify;

    opens dev.agentcollab.core.bucket to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.core.bucket.file to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.core.bucket.hf to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.core.bucket.resilience to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.core.http to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.core.http.internal to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.core.json to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.core.service to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.core.service.agent to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.core.service.board to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.core.service.identity to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.core.service.internal to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.core.service.job to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.core.service.leaderboard to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.core.service.result to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.core.service.sync to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.core.service.taskforce to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.core.service.trace to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.core.service.verify to
            com.fasterxml.jackson.databind;

    provides dev.agentcollab.api.bucket.spi.BucketStoreProvider with
            dev.agentcollab.core.bucket.file.FileSystemBucketStoreProvider,
            dev.agentcollab.core.bucket.hf.HfBucketStoreProvider;
}
