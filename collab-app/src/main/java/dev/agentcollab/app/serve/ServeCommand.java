package dev.agentcollab.app.serve;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.core.http.ServerWarmup;
import dev.agentcollab.inference.cli.Commands;
import dev.agentcollab.inference.cli.ProjectVersion;
import java.io.PrintStream;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code collab serve --config collab.yaml}: runs the collaboration backend the file describes until SIGTERM (or
 * Ctrl-C), then stops gracefully: new requests are refused, in-flight ones finish within
 * {@code server.shutdown_grace}, job watchers stop, the store closes. Exit status: 0 stopped, 1 failed to start
 * (the reason on one line, naming the configuration key) or stopped because another server took the collaboration
 * over ({@link dev.agentcollab.core.service.claim.WriterClaim}), 2 bad arguments.
 */
@Command(
        name = "serve",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        sortOptions = false,
        description = {
            "Runs a collaboration backend (the /v1 API and the dashboard) from one configuration file.",
            "Every key of the file can be overridden by an environment variable COLLAB_<KEY> (server.port is"
                    + " COLLAB_SERVER_PORT); docs/serve.md lists them. Stops gracefully on SIGTERM."
        })
public final class ServeCommand implements Callable<Integer> {
    @Option(
            names = "--config",
            paramLabel = "FILE",
            description =
                    "the YAML configuration (default: $COLLAB_CONFIG; when neither is set, the COLLAB_* variables alone)")
    Path config;

    @Option(names = "--port", paramLabel = "N", description = "overrides server.port (0 = any free port)")
    Integer port;

    @Option(names = "--host", paramLabel = "ADDR", description = "overrides server.host")
    String host;

    @Option(names = "--check", description = "only check the configuration, then exit")
    boolean check;

    private final PrintStream out;
    private final PrintStream err;

    /**
     * Creates the command.
     *
     * @param out where the address and the agent README's URL are printed
     * @param err where errors go
     */
    public ServeCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    @Override
    public Integer call() {
        Map<String, String> env = new HashMap<>(System.getenv());
        if (port != null) {
            env.put(ConfigSchema.key("server.port").envName(), Integer.toString(port));
        }
        if (host != null) {
            env.put(ConfigSchema.key("server.host").envName(), host);
        }
        ServeConfig settings;
        Deployment deployment;
        try {
            Path file = config != null
                    ? config
                    : env.getOrDefault("COLLAB_CONFIG", "").isBlank() ? null : Path.of(env.get("COLLAB_CONFIG"));
            settings = file != null
                    ? ServeConfig.load(file, env)
                    : ServeConfig.from(ConfigValues.parse("", "the environment", env, Path.of("")));
            if (check) {
                Deployment.check(settings, env, Clock.systemUTC());
                out.println(
                        "collab serve: the configuration is valid (" + settings.org() + "/" + settings.slug() + ")");
                return Commands.OK;
            }
            deployment = Deployment.start(settings, env, Clock.systemUTC(), new SecureRandom());
        } catch (CollabException e) {
            err.println("collab serve: " + e.getMessage()
                    + e.hint().map(h -> " (" + h + ")").orElse(""));
            return Commands.FAILED;
        }
        ServerWarmup.run(deployment.baseUri()); // before it is announced: the first client's request is warm
        CountDownLatch stopped = new CountDownLatch(1);
        java.util.concurrent.atomic.AtomicReference<String> lost = new java.util.concurrent.atomic.AtomicReference<>();
        deployment.lost().thenAccept(reason -> {
            lost.set(reason);
            stopped.countDown();
        });
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            if (lost.get() == null) { // else the main thread stopped it, and reported why
                                out.println("collab serve: stopping");
                                deployment.close();
                                out.println("collab serve: stopped");
                            }
                            stopped.countDown();
                        },
                        "collab-serve-shutdown"));
        out.println("collab serve: " + settings.org() + "/" + settings.slug() + ", buckets in "
                + settings.storage().buckets());
        settings.identity()
                .tokensFile()
                .filter(f -> settings.identity().kind() == ServeConfig.IdentityKind.STATIC)
                .ifPresent(f -> {
                    out.println("collab serve: tokens from " + f
                            + " (followed: tokens added or removed there apply within a second)");
                    SecretFiles.exposed(f).ifPresent(w -> out.println("collab serve: warning: " + w));
                });
        settings.hub().tokenFile().ifPresent(f -> {
            out.println("collab serve: Hub token from " + f + " (followed: write a rotated token there, no restart)");
            SecretFiles.exposed(f).ifPresent(w -> out.println("collab serve: warning: " + w));
        });
        out.println("collab serve: agent README at " + deployment.publicUrl().resolve("/v1/agent-readme"));
        out.println("collab serve: listening on " + deployment.baseUri());
        HarnessFiles.problem(settings, deployment.missingJobFiles())
                .ifPresent(problem -> out.println("collab serve: " + problem));
        out.flush();
        try {
            stopped.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (lost.get() != null) {
            err.println("collab serve: " + lost.get() + "; stopping");
            deployment.close();
            err.println("collab serve: stopped");
            return Commands.FAILED;
        }
        return Commands.OK;
    }
}
