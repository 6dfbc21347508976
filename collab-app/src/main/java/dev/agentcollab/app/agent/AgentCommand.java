package dev.agentcollab.app.agent;

import java.io.PrintWriter;
import java.util.Map;
import java.util.Objects;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * {@code collab agent}: the shell client of a collaboration for agents that cannot run Java in-process. Every
 * subcommand is one or two calls of {@link dev.agentcollab.core.http.CollabClient}; the server URL, token, agent id
 * and bucket store come from flags, then the environment ({@code COLLAB_URL}, {@code COLLAB_TOKEN},
 * {@code COLLAB_AGENT}, {@code COLLAB_BUCKETS}), then the {@link Profile}. Output is text, or the API's JSON with
 * {@code --json}. Exit codes: 0 done, 1 the server or the operation failed (the error code and hint are printed),
 * 2 bad usage. See docs/agent-cli.md.
 *
 * <p>Runs standalone ({@link #main}) or as the {@code agent} subcommand of a larger command tree; call
 * {@link #configure(CommandLine)} on the root to get the one-line usage errors.
 */
@Command(
        name = "agent",
        mixinStandardHelpOptions = true,
        versionProvider = AgentCommand.Version.class,
        description = "Act as an agent of a collaboration: register, post, read the inbox, taskforces, results, traces"
                + " and jobs.",
        subcommands = {
            RegisterCommand.class,
            PostCommand.class,
            InboxCommand.class,
            BoardCommand.class,
            DigestCommand.class,
            TaskforceCommand.class,
            ResultCommand.class,
            LeaderboardCommand.class,
            TraceCommand.class,
            SyncCommand.class,
            JobCommand.class,
            StatusCommand.class
        },
        footer = {
            "",
            "Settings: flags, else COLLAB_URL, COLLAB_TOKEN, COLLAB_AGENT, COLLAB_BUCKETS, else the profile"
                    + " (--profile, COLLAB_PROFILE, ~/.config/collab/profile.properties).",
            "Exit codes: 0 ok, 1 server or operation error (code and hint printed), 2 usage error."
        })
public final class AgentCommand implements Runnable {
    private final Map<String, String> env;

    @Spec
    CommandSpec spec;

    @Option(
            names = "--url",
            scope = ScopeType.INHERIT,
            paramLabel = "URL",
            description = "server root, e.g. http://127.0.0.1:8080 (env COLLAB_URL)")
    String url;

    @Option(
            names = "--token",
            scope = ScopeType.INHERIT,
            paramLabel = "TOKEN",
            description = "bearer token (Hugging Face token; env COLLAB_TOKEN)")
    String token;

    @Option(
            names = "--agent",
            scope = ScopeType.INHERIT,
            paramLabel = "ID",
            description = "the agent id to act as (env COLLAB_AGENT)")
    String agent;

    @Option(
            names = "--buckets",
            scope = ScopeType.INHERIT,
            paramLabel = "URI",
            description = "bucket store for your scratch bucket: file:///path or hf://buckets (env COLLAB_BUCKETS);"
                    + " needed to upload local files")
    String buckets;

    @Option(
            names = "--profile",
            scope = ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "profile file (default: COLLAB_PROFILE, else ~/.config/collab/profile.properties)")
    java.nio.file.Path profile;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "print the API's JSON instead of text")
    boolean json;

    @Option(
            names = "--max-wait",
            scope = ScopeType.INHERIT,
            defaultValue = "60",
            paramLabel = "SECONDS",
            description = "the longest a command waits in all to retry a rate-limited or unavailable server, with a"
                    + " line on stderr before each wait (default 60); a longer wait exits 1 with 'retry after: N s'")
    long maxWait;

    @Option(
            names = "--no-wait",
            scope = ScopeType.INHERIT,
            description = "never wait to retry: exit 1 at once with 'retry after: N s' (same as --max-wait 0)")
    boolean noWait;

    /** A command that reads the process environment. */
    public AgentCommand() {
        this(System.getenv());
    }

    /**
     * A command with a given environment (tests, embedding).
     *
     * @param env the environment variables to read settings from
     */
    public AgentCommand(Map<String, String> env) {
        this.env = Map.copyOf(Objects.requireNonNull(env, "env"));
    }

    /** Without a subcommand: a usage error (exit 2) naming the subcommands, like every other command group. */
    @Override
    public void run() {
        throw CommandGroup.missingSubcommand(spec);
    }

    /**
     * The settings of this invocation (flags, environment, profile).
     *
     * @return the session; close it after use
     */
    AgentSession session() {
        return new AgentSession(this, env);
    }

    /**
     * A command line for this command with one-line usage errors (exit 2) and printed server errors (exit 1).
     *
     * @param env the environment to read settings from
     * @param out where results go
     * @param err where errors go
     * @return the command line
     */
    public static CommandLine commandLine(Map<String, String> env, PrintWriter out, PrintWriter err) {
        CommandLine cl = new CommandLine(new AgentCommand(env));
        cl.setOut(out);
        cl.setErr(err);
        return configure(cl);
    }

    /**
     * Installs the usage-error handler: one line naming the problem and {@code --help}, exit code 2.
     *
     * @param cl a command line whose tree contains this command
     * @return the same command line
     */
    public static CommandLine configure(CommandLine cl) {
        cl.setParameterExceptionHandler((e, args) -> {
            CommandLine failed = e.getCommandLine();
            failed.getErr()
                    .println(failed.getCommandSpec().qualifiedName() + ": " + e.getMessage() + " (see "
                            + failed.getCommandSpec().qualifiedName() + " --help)");
            failed.getErr().flush();
            return CommandLine.ExitCode.USAGE;
        });
        return cl;
    }

    /**
     * Runs the command.
     *
     * @param args the arguments
     */
    public static void main(String[] args) {
        PrintWriter out = new PrintWriter(System.out, true, java.nio.charset.StandardCharsets.UTF_8);
        PrintWriter err = new PrintWriter(System.err, true, java.nio.charset.StandardCharsets.UTF_8);
        System.exit(commandLine(System.getenv(), out, err).execute(args));
    }

    /** The version: the jar's Implementation-Version, else "development build". */
    static final class Version implements CommandLine.IVersionProvider {
        @Override
        public String[] getVersion() {
            String v = AgentCommand.class.getPackage().getImplementationVersion();
            return new String[] {"collab agent " + (v == null ? "(development build)" : v)};
        }
    }
}
