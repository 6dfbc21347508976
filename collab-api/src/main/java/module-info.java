/**
 * The public contract of the collaboration SDK: the {@code Collab} view, its records, errors and the bucket
 * storage SPI ({@link dev.agentcollab.api.bucket.spi.BucketStoreProvider}, found with {@link java.util.ServiceLoader}).
 */
module dev.agentcollab.api {
    requires transitive com.fasterxml.jackson.annotation;

    exports dev.agentcollab.api;
    exports dev.agentcollab.api.agent;
    exports dev.agentcollab.api.board;
    exports dev.agentcollab.api.bucket;
    exports dev.agentcollab.api.bucket.spi;
    exports dev.agentcollab.api.error;
    exports dev.agentcollab.api.identity;
    exports dev.agentcollab.api.job;
    exports dev.agentcollab.api.job.spi;
    exports dev.agentcollab.api.leaderboard;
    exports dev.agentcollab.api.query;
    exports dev.agentcollab.api.result;
    exports dev.agentcollab.api.status;
    exports dev.agentcollab.api.sync;
    exports dev.agentcollab.api.taskforce;
    exports dev.agentcollab.api.trace;

    opens dev.agentcollab.api to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.api.agent to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.api.board to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.api.bucket to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.api.bucket.spi to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.api.error to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.api.identity to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.api.job to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.api.job.spi to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.api.leaderboard to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.api.query to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.api.result to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.api.status to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.api.sync to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.api.taskforce to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.api.trace to
            com.fasterxml.jackson.databind;

    uses dev.agentcollab.api.bucket.spi.BucketStoreProvider;
}
