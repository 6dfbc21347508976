package dev.agentcollab.app.init;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketStores;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.app.onboarding.AgentReadme;
import dev.agentcollab.app.serve.ConfigValues;
import dev.agentcollab.app.serve.SecretFiles;
import dev.agentcollab.app.serve.ServeConfig;
import dev.agentcollab.core.bucket.hf.HfBucketStoreProvider;
import dev.agentcollab.core.service.identity.TokenFile;
import dev.agentcollab.inference.cli.Commands;
import dev.agentcollab.inference.cli.ProjectVersion;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code collab init}: writes {@code collab.yaml} (with {@code auth_policy: owner}), a token file for local
 * identities, {@code SETUP.md} and {@code AGENT_README.md} into a folder, creates the central and audit buckets and
 * publishes the agent README into the central bucket. Values come from flags, or from prompts when a terminal is
 * attached. Re-running it where {@code collab.yaml} exists changes nothing unless {@code --force} is given; even then
 * an existing {@code tokens.yaml} is kept, so every token issued from it (the organizer's included) stays valid,
 * unless {@code --regenerate-tokens} is given too.
 */
@Command(
        name = "init",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        sortOptions = false,
        description = {
            "Starts a new collaboration in a folder.",
            "Writes collab.yaml, SETUP.md and the agent README into it and creates the central and audit buckets.",
            "Asks for what the flags leave out when run in a terminal."
        })
public final class InitCommand implements Callable<Integer> {
    @Option(names = "--dir", defaultValue = ".", paramLabel = "DIR", description = "where to write (default: here)")
    Path dir;

    @Option(names = "--org", paramLabel = "ORG", description = "the Hub organisation (or a local name)")
    String org;

    @Option(names = "--slug", paramLabel = "SLUG", description = "the collaboration's slug, e.g. fast-gemma")
    String slug;

    @Option(
            names = "--storage",
            paramLabel = "KIND",
            description = "file (buckets in a local folder, tokens in a file) or hub (Hub buckets and identity)")
    String storage;

    @Option(
            names = "--endpoint",
            paramLabel = "URL",
            description = "the Hub endpoint of --storage hub (default: $HF_ENDPOINT, else https://huggingface.co)")
    String endpoint;

    @Option(names = "--goal", paramLabel = "TEXT", description = "what the collaboration is about")
    String goal;

    @Option(names = "--metric", paramLabel = "FIELD", description = "the result field holding the score")
    String metric;

    @Option(names = "--unit", paramLabel = "UNIT", description = "the score's unit (default points)")
    String unit;

    @Option(names = "--direction", paramLabel = "DIR", description = "higher or lower is better (default higher)")
    String direction;

    @Option(names = "--guard", paramLabel = "FIELD", description = "a numeric guardrail column, e.g. ppl")
    String guard;

    @Option(names = "--no-metric", description = "the score only orders the board (a cosmetic metric)")
    boolean noMetric;

    @Option(names = "--rule", paramLabel = "TEXT", description = "a rule for every participant (repeatable)")
    List<String> rules = new ArrayList<>();

    @Option(names = "--port", defaultValue = "8080", paramLabel = "N", description = "server port (default 8080)")
    int port;

    @Option(
            names = "--force",
            description = "overwrite an existing collab.yaml, SETUP.md and AGENT_README.md; an existing tokens.yaml is"
                    + " kept (see --regenerate-tokens)")
    boolean force;

    @Option(
            names = "--regenerate-tokens",
            description = "replace an existing tokens.yaml with a fresh organizer token, revoking every token issued"
                    + " from it (a running server locks their agents out at once); needs --force where collab.yaml"
                    + " exists")
    boolean regenerateTokens;

    /** The Hub endpoint when neither {@code --endpoint} nor {@code HF_ENDPOINT} names one. */
    static final String DEFAULT_ENDPOINT = "https://huggingface.co";

    private final PrintStream out;
    private final PrintStream err;
    private final Map<String, String> env;
    private BufferedReader stdin;

    /**
     * Creates the command.
     *
     * @param out where progress and prompts go
     * @param err where errors go
     */
    public InitCommand(PrintStream out, PrintStream err) {
        this(out, err, System.getenv());
    }

    /**
     * Creates the command with an environment of its own (tests).
     *
     * @param out where progress goes
     * @param err where errors go
     * @param env the environment (the Hub token variable)
     */
    InitCommand(PrintStream out, PrintStream err, Map<String, String> env) {
        this.out = out;
        this.err = err;
        this.env = Map.copyOf(env);
    }

    @Override
    public Integer call() {
        Path folder = dir.toAbsolutePath().normalize();
        Path config = folder.resolve("collab.yaml");
        if (Files.exists(config) && !force) {
            if (regenerateTokens) {
                err.println("collab init: --regenerate-tokens rewrites the files, so it needs --force where " + config
                        + " exists");
                return Commands.USAGE;
            }
            return keep(config);
        }
        boolean configExisted = Files.exists(config);
        try {
            org = ask(org, "--org", "Organisation (Hub org or local name)", null);
            slug = ask(slug, "--slug", "Collaboration slug (e.g. fast-gemma)", null);
            storage = ask(storage, "--storage", "Storage: file or hub", "file");
            if (!storage.equals("file") && !storage.equals("hub")) {
                err.println("collab init: --storage must be file or hub, but was '" + storage + "'");
                return Commands.USAGE;
            }
            if (storage.equals("hub") && endpoint == null) {
                String fromEnv = env.get("HF_ENDPOINT");
                endpoint = fromEnv == null || fromEnv.isBlank() ? DEFAULT_ENDPOINT : fromEnv.strip();
            }
            goal = ask(goal, "--goal", "Goal (one paragraph)", "");
            if (!noMetric) {
                metric = ask(metric, "--metric", "Score field of results (empty: no metric)", "");
                noMetric = metric.isBlank();
            }
            if (!noMetric) {
                unit = ask(unit, "--unit", "Unit of the score", "points");
                direction = ask(direction, "--direction", "Better scores are higher or lower", "higher");
                guard = ask(guard, "--guard", "Guardrail field, a number every result reports (empty: none)", "");
            }
        } catch (MissingValue e) {
            err.println("collab init: " + e.getMessage() + " (see 'collab init --help')");
            return Commands.USAGE;
        }
        try {
            boolean hub = storage.equals("hub");
            String yaml = InitFiles.config(this, hub);
            // the settings of the file about to be written, read as collab serve will read it (COLLAB_* win)
            ServeConfig settings = ServeConfig.from(ConfigValues.parse(yaml, config.toString(), env, folder));
            if (settings.storage().onHub() && token(settings) == null) {
                // before anything is written: the buckets cannot be created without it, and a second run would
                // find collab.yaml and stop
                err.println("collab init: creating the Hub buckets needs a token: set "
                        + settings.hub().tokenEnv() + " to a token that may write the org's buckets, and run again");
                return Commands.FAILED;
            }
            Files.createDirectories(folder);
            Files.writeString(config, yaml);
            Path tokens = folder.resolve("tokens.yaml");
            boolean tokensExisted = Files.exists(tokens);
            String organizerToken = null;
            if (!hub && (!tokensExisted || regenerateTokens)) {
                organizerToken = TokenFile.newToken(new SecureRandom());
                SecretFiles.writePrivate(tokens, InitFiles.tokens(organizerToken));
            }
            String readme = AgentReadme.render(settings, InitFiles.serverUrl(settings));
            Files.writeString(folder.resolve("AGENT_README.md"), readme);
            Files.writeString(folder.resolve("SETUP.md"), InitFiles.setup(settings, config, hub));
            try (BucketStore store = openStore(settings)) {
                store.create(settings.storage().central(), true);
                store.create(settings.storage().audit(), true);
                AgentReadme.publish(store, settings.storage().central(), readme);
            }
            out.println("collab init: " + (configExisted ? "regenerated " : "wrote ") + config
                    + ", SETUP.md and AGENT_README.md in " + folder);
            if (!hub && tokensExisted && organizerToken != null) {
                out.println("collab init: regenerated tokens.yaml: every token issued before is revoked");
            } else if (!hub && tokensExisted) {
                out.println("collab init: kept " + tokens + ": the tokens issued from it stay valid"
                        + " (--force --regenerate-tokens replaces it and revokes them)");
            }
            if (organizerToken != null) {
                out.println("collab init: organizer token (in tokens.yaml): " + organizerToken);
            }
            out.println("collab init: buckets " + settings.storage().central() + " and "
                    + settings.storage().audit() + " ready in "
                    + settings.storage().buckets());
            out.println("collab init: start it with: " + Launcher.command() + " serve --config " + config);
            return Commands.OK;
        } catch (CollabException e) {
            err.println("collab init: " + e.getMessage()
                    + e.hint().map(h -> " (" + h + ")").orElse(""));
            return Commands.FAILED;
        } catch (IOException e) {
            err.println("collab init: " + e);
            return Commands.FAILED;
        }
    }

    /**
     * A second run over an existing configuration: the files stay as they are; buckets a first run could not create
     * (the Hub unreachable, say) are created now.
     */
    private int keep(Path config) {
        try {
            ServeConfig settings = ServeConfig.load(config, env); // as collab serve reads it: COLLAB_* win
            List<String> created = new ArrayList<>();
            try (BucketStore store = openStore(settings)) {
                for (var bucket :
                        List.of(settings.storage().central(), settings.storage().audit())) {
                    if (!store.exists(bucket)) {
                        store.create(bucket, true);
                        created.add(bucket.toString());
                    }
                }
            }
            out.println("collab init: " + config + " exists; nothing changed (--force regenerates it)"
                    + (created.isEmpty() ? "" : "; created the missing buckets " + String.join(" and ", created)));
            return Commands.OK;
        } catch (CollabException e) {
            err.println("collab init: " + e.getMessage()
                    + e.hint().map(h -> " (" + h + ")").orElse(""));
            return Commands.FAILED;
        }
    }

    private String token(ServeConfig settings) {
        String token = env.get(settings.hub().tokenEnv());
        return token == null || token.isBlank() ? null : token.strip();
    }

    private BucketStore openStore(ServeConfig settings) {
        Map<String, String> s = new HashMap<>();
        if (settings.storage().onHub()) {
            s.put(HfBucketStoreProvider.ENDPOINT, settings.hub().endpoint().toString());
            String token = token(settings);
            if (token != null) {
                s.put(HfBucketStoreProvider.TOKEN, token);
            }
        }
        return BucketStores.open(settings.storage().buckets(), s);
    }

    private String ask(String given, String flag, String question, String fallback) {
        if (given != null) {
            return given.strip();
        }
        if (System.console() == null) {
            if (fallback != null) {
                return fallback;
            }
            throw new MissingValue(flag + " is required when no terminal is attached");
        }
        out.print(question + (fallback == null || fallback.isEmpty() ? "" : " [" + fallback + "]") + ": ");
        out.flush();
        try {
            if (stdin == null) {
                stdin = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            }
            String line = stdin.readLine();
            String v = line == null ? "" : line.strip();
            if (v.isEmpty()) {
                if (fallback == null) {
                    throw new MissingValue(flag + " is required");
                }
                return fallback;
            }
            return v;
        } catch (IOException e) {
            throw new MissingValue("cannot read " + flag + ": " + e.getMessage());
        }
    }

    /** A value neither given nor answered. */
    private static final class MissingValue extends RuntimeException {
        private static final long serialVersionUID = 1L;

        MissingValue(String message) {
            super(message);
        }
    }

    String org() {
        return org;
    }

    String slug() {
        return slug;
    }

    String goal() {
        return goal;
    }

    List<String> rules() {
        return rules;
    }

    boolean noMetric() {
        return noMetric;
    }

    String metric() {
        return metric;
    }

    String unit() {
        return unit;
    }

    String direction() {
        return direction;
    }

    String guard() {
        return guard;
    }

    int port() {
        return port;
    }

    String endpoint() {
        return endpoint == null ? DEFAULT_ENDPOINT : endpoint;
    }
}
