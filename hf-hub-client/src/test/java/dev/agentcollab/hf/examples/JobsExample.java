package dev.agentcollab.hf.examples;

import dev.agentcollab.hf.HfHubClient;
import dev.agentcollab.hf.jobs.HfJob;
import dev.agentcollab.hf.jobs.HfJobSpec;
import dev.agentcollab.hf.jobs.HfJobsClient;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/** Example: launch a job on HF Jobs, find it by its label, read its stage and logs, and cancel it. */
public final class JobsExample {
    private JobsExample() {}

    /**
     * Launches {@code python -c print(...)} on {@code cpu-basic}, lists it by label, inspects it, reads its logs
     * and cancels it.
     *
     * @param endpoint the Hub
     * @param token a token that may run jobs in the namespace (the namespace pays)
     * @param namespace the org or user
     * @return the job's stage after launch, the ids listed by label, and the job's logs
     */
    public static List<String> run(URI endpoint, String token, String namespace) {
        HfJobsClient jobs =
                HfHubClient.builder().endpoint(endpoint).token(token).build().jobs(namespace);
        HfJob job = jobs.launch(new HfJobSpec(
                "python:3.12",
                List.of("python", "-c", "print('hello from HF Jobs')"),
                "cpu-basic",
                Duration.ofMinutes(5),
                Map.of("example", "hf-hub-client"),
                List.of()));
        List<String> listed = jobs.list(List.of("SCHEDULING", "RUNNING"), Map.of("example", "hf-hub-client")).stream()
                .map(HfJob::id)
                .toList();
        String stage = jobs.inspect(job.id()).stage().orElse("?");
        String logs = jobs.logs(job.id(), 20);
        jobs.cancel(job.id());
        List<String> out = List.of(stage, String.join(",", listed), logs);
        System.out.println(job.url() + " " + out);
        return out;
    }

    /**
     * Runs the example against the public Hub with {@code HF_TOKEN}.
     *
     * @param args the namespace that pays for the job
     */
    public static void main(String[] args) {
        run(HfHubClient.DEFAULT_ENDPOINT, System.getenv("HF_TOKEN"), args[0]);
    }
}
