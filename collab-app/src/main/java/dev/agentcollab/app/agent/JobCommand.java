package dev.agentcollab.app.agent;

import com.fasterxml.jackson.databind.JsonNode;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.api.job.JobLaunch;
import dev.agentcollab.api.job.JobRunRequest;
import dev.agentcollab.core.json.Json;
import java.io.IOException;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code collab agent job launch|status}: benchmark jobs on a submission in the agent's bucket. */
@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        description = "Launch an evaluation job and read its status.",
        subcommands = {JobCommand.Launch.class, JobCommand.Status.class})
final class JobCommand extends CommandGroup {
    /** {@code job launch}. */
    @Command(
            name = "launch",
            mixinStandardHelpOptions = true,
            description = "Run the collaboration's harness on a submission in your bucket (needs your token).")
    static final class Launch extends AgentAction {
        @Option(names = "--submission", required = true, paramLabel = "PREFIX", description = "submission folder")
        String submission;

        @Option(names = "--run", required = true, paramLabel = "PREFIX", description = "where the job writes")
        String run;

        @Override
        protected void execute(AgentSession s, Output out) {
            JobLaunch j = s.client().jobs().run(new JobRunRequest(s.agent(), submission, run));
            out.result(j, w -> {
                w.println("launched job " + j.jobId() + " (" + j.status() + ", timeout " + j.timeoutMinutes() + " min)"
                        + (j.jobUrl().isBlank() ? "" : " " + j.jobUrl()));
                w.println("status: " + j.statusFile());
                w.println("logs:   " + j.logsFile());
                w.println("quota left today: " + j.quota().agentRemaining() + " for the agent, "
                        + j.quota().userRemaining() + " for its user");
            });
        }
    }

    /** {@code job status}: reads {@code <run>/job_status.json} from the agent's bucket. */
    @Command(
            name = "status",
            mixinStandardHelpOptions = true,
            description = "Read <run>/job_status.json from your bucket (needs --buckets).")
    static final class Status extends AgentAction {
        @Option(names = "--run", required = true, paramLabel = "PREFIX", description = "the job's run prefix")
        String run;

        @Option(names = "--logs", description = "also print job_logs.txt")
        boolean logs;

        @Override
        protected void execute(AgentSession s, Output out) {
            BucketStore store = s.requireStore("job status");
            String prefix = run.endsWith("/") ? run.substring(0, run.length() - 1) : run;
            String text = store.readString(s.agentBucket(), BucketPath.of(prefix + "/job_status.json"))
                    .orElseThrow(() -> CollabException.of(
                            ErrorCode.NOT_FOUND,
                            "no such file: " + prefix + "/job_status.json in " + s.agentBucket(),
                            "launch a job with --run " + prefix + " first"));
            JsonNode status;
            try {
                status = Json.mapper().readTree(text);
            } catch (IOException e) {
                throw CollabException.of(ErrorCode.INVALID_FRONTMATTER, "job_status.json is not JSON: " + e);
            }
            String logText = logs
                    ? store.readString(s.agentBucket(), BucketPath.of(prefix + "/job_logs.txt"))
                            .orElse("")
                    : "";
            out.result(status, w -> {
                for (Map.Entry<String, JsonNode> e : status.properties()) {
                    w.println(e.getKey() + ": "
                            + (e.getValue().isTextual() ? e.getValue().asText() : e.getValue()));
                }
                if (logs) {
                    w.println("--- job_logs.txt");
                    w.print(logText.isEmpty() ? "(none yet)\n" : logText);
                }
            });
        }
    }
}
