package dev.agentcollab.app.token;

import dev.agentcollab.app.serve.SecretFiles;
import dev.agentcollab.app.serve.ServeConfig;
import dev.agentcollab.core.service.identity.TokenFile;
import dev.agentcollab.inference.cli.Commands;
import dev.agentcollab.inference.cli.ProjectVersion;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.SecureRandom;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code collab token}: the bearer tokens of a deployment whose identity is a static token file ({@code identity.kind:
 * static}): add one for a person (a fresh random token, printed once), list them (masked), revoke a token or every
 * token of a user. The file keeps its comments and layout; a running server follows it within a second. Edits take a
 * lock beside the file, so two organizers adding at once both land.
 */
@Command(
        name = "token",
        mixinStandardHelpOptions = true,
        versionProvider = ProjectVersion.class,
        description = "Adds, lists and revokes the bearer tokens of a deployment's token file (identity.kind: static).",
        subcommands = {TokenCommand.Add.class, TokenCommand.ListTokens.class, TokenCommand.Revoke.class})
public final class TokenCommand {
    @Option(
            names = "--config",
            scope = picocli.CommandLine.ScopeType.INHERIT,
            paramLabel = "FILE",
            description = "the deployment's collab.yaml (default: $COLLAB_CONFIG)")
    Path config;

    private final PrintStream out;
    private final PrintStream err;

    /**
     * Creates the command.
     *
     * @param out where a new token and listings go
     * @param err where notes and errors go
     */
    public TokenCommand(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /** The deployment's token file and organisation. */
    private record Tokens(Path file, String org) {
        /** The file's rows; a missing file says how one is started. */
        List<TokenFile.Entry> rows() {
            if (Files.notExists(file)) {
                throw new IllegalArgumentException(
                        "no token file yet at " + file + " (collab token add --user <name> starts one)");
            }
            return TokenFile.read(file, Optional.of(org));
        }
    }

    private Tokens tokens() {
        Path file = config != null
                ? config
                : Optional.ofNullable(System.getenv("COLLAB_CONFIG"))
                        .map(Path::of)
                        .orElse(null);
        if (file == null) {
            throw new IllegalArgumentException("no configuration: pass --config collab.yaml or set COLLAB_CONFIG");
        }
        ServeConfig c = ServeConfig.load(file, System.getenv());
        Path tokens = c.identity()
                .tokensFile()
                .filter(f -> c.identity().kind() == ServeConfig.IdentityKind.STATIC)
                .orElseThrow(() -> new IllegalArgumentException(file + " checks Hub tokens (identity.kind: hub): there"
                        + " is no token file; people use their own Hugging Face tokens"));
        return new Tokens(tokens, c.org());
    }

    private int run(String name, Callable<Integer> action) {
        try {
            return action.call();
        } catch (IllegalArgumentException e) {
            err.println("collab token " + name + ": " + e.getMessage());
            return Commands.USAGE;
        } catch (IOException | RuntimeException e) {
            err.println("collab token " + name + ": " + e.getMessage());
            return Commands.FAILED;
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** Rewrites the file under a lock beside it ({@link SecretFiles#rewrite}: its permissions kept, moved in whole). */
    private static void edit(Path file, UnaryOperator<String> change) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Path lock = file.resolveSibling("." + file.getFileName() + ".lock");
        try (FileChannel channel = FileChannel.open(lock, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock held = channel.lock()) {
            String before = Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
            SecretFiles.rewrite(file, change.apply(before));
        }
    }

    /** {@code collab token add --user NAME [--role ROLE]}. */
    @Command(
            name = "add",
            mixinStandardHelpOptions = true,
            description = "Adds a fresh random token for a person and prints it (stdout, once).")
    static final class Add implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;

        @Option(names = "--user", required = true, description = "the person's user name (letters, digits, _ . -)")
        String user;

        @Option(
                names = "--role",
                defaultValue = "write",
                description = "admin (organizer), write (runs agents; default), contributor, read or outsider")
        String role;

        @Override
        public Integer call() {
            return parent.run("add", () -> {
                Tokens t = parent.tokens();
                String token = TokenFile.newToken(new SecureRandom());
                String r = role.toLowerCase(Locale.ROOT);
                String[] spelled = {user};
                edit(t.file(), yaml -> {
                    spelled[0] = TokenFileEdits.spelling(yaml, t.file().toString(), t.org(), user);
                    return TokenFileEdits.add(yaml, t.file().toString(), t.org(), token, spelled[0], r);
                });
                parent.out.println(token);
                if (!spelled[0].equals(user)) {
                    parent.err.println("collab token add: the file names this user '" + spelled[0]
                            + "' (user names are case-insensitive): the token proves '" + spelled[0] + "'");
                }
                parent.err.println("collab token add: " + spelled[0] + " (" + r + ") added to " + t.file()
                        + "; a running server takes it within a second. Hand the token over privately.");
                SecretFiles.exposed(t.file()).ifPresent(w -> parent.err.println("collab token add: warning: " + w));
                return Commands.OK;
            });
        }
    }

    /** {@code collab token list}. */
    @Command(
            name = "list",
            mixinStandardHelpOptions = true,
            description = "Lists the tokens: user, role, organisation and the token's first characters.")
    static final class ListTokens implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;

        @Override
        public Integer call() {
            return parent.run("list", () -> {
                Tokens t = parent.tokens();
                List<TokenFile.Entry> rows = t.rows();
                parent.out.println(String.format(Locale.ROOT, "%-24s %-12s %-20s %s", "user", "role", "org", "token"));
                for (TokenFile.Entry e : rows) {
                    parent.out.println(String.format(
                            Locale.ROOT, "%-24s %-12s %-20s %s", e.user(), e.role(), e.org(), masked(e.token())));
                }
                parent.out.println(rows.size() + (rows.size() == 1 ? " token" : " tokens") + " in " + t.file());
                return Commands.OK;
            });
        }

        private static String masked(String token) {
            return token.substring(0, Math.min(8, token.length() / 2)) + "...";
        }
    }

    /** {@code collab token revoke (TOKEN | --user NAME)}. */
    @Command(
            name = "revoke",
            mixinStandardHelpOptions = true,
            description = "Removes a token, or every token of a user; a running server refuses it within a second.")
    static final class Revoke implements Callable<Integer> {
        @ParentCommand
        TokenCommand parent;

        @picocli.CommandLine.Parameters(arity = "0..1", paramLabel = "TOKEN", description = "the token to remove")
        String token;

        @Option(names = "--user", description = "remove every token of this user (any case) instead")
        String user;

        @Override
        public Integer call() {
            return parent.run("revoke", () -> {
                if ((token == null) == (user == null)) {
                    throw new IllegalArgumentException("name a TOKEN or --user NAME (one of them)");
                }
                Tokens t = parent.tokens();
                List<String> gone = t.rows().stream()
                        .filter(e -> token != null
                                ? e.token().equals(token)
                                : e.user().equalsIgnoreCase(user))
                        .map(TokenFile.Entry::token)
                        .toList();
                if (gone.isEmpty()) {
                    throw new IllegalArgumentException(
                            (token != null ? "no such token" : "no token of user '" + user + "'") + " in " + t.file());
                }
                edit(t.file(), yaml -> TokenFileEdits.remove(yaml, t.file().toString(), t.org(), gone));
                parent.err.println("collab token revoke: " + gone.size() + (gone.size() == 1 ? " token" : " tokens")
                        + " removed from " + t.file() + "; a running server refuses "
                        + (gone.size() == 1 ? "it" : "them") + " within a second.");
                if (t.rows().stream().noneMatch(e -> e.role().equals("admin"))) {
                    parent.err.println("collab token revoke: warning: no organizer token (role admin) is left in "
                            + t.file() + ": nobody can broadcast or give verdicts until one is added with collab"
                            + " token add --user <name> --role admin");
                }
                return Commands.OK;
            });
        }
    }
}
