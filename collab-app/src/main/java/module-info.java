/**
 * The {@code collab} command: init, serve, demo, agent, bucket, bench, harness, analyze. It binds the logging
 * backend (SLF4J simple, found through SLF4J's own service binding) and bridges {@code java.util.logging}.
 */
module dev.agentcollab.app {
    requires dev.agentcollab.core;
    requires dev.agentcollab.inference;
    requires dev.agentcollab.analysis;
    requires info.picocli;
    requires com.fasterxml.jackson.databind;
    requires com.fasterxml.jackson.dataformat.yaml;
    requires org.slf4j;
    requires jul.to.slf4j;
    requires java.net.http;

    exports dev.agentcollab.app.cli;

    opens dev.agentcollab.app to
            com.fasterxml.jackson.databind,
            info.picocli;
    opens dev.agentcollab.app.agent to
            com.fasterxml.jackson.databind,
            info.picocli;
    opens dev.agentcollab.app.bucket to
            com.fasterxml.jackson.databind,
            info.picocli;
    opens dev.agentcollab.app.cli to
            com.fasterxml.jackson.databind,
            info.picocli;
    opens dev.agentcollab.app.demo to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.app.init to
            com.fasterxml.jackson.databind,
            info.picocli;
    opens dev.agentcollab.app.onboarding to
            com.fasterxml.jackson.databind;
    opens dev.agentcollab.app.serve to
            com.fasterxml.jackson.databind,
            info.picocli;
    opens dev.agentcollab.app.token to
            info.picocli;
}
