package dev.agentcollab.app;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.leaderboard.LeaderboardRow;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.app.demo.DemoBenchmark;
import dev.agentcollab.core.service.identity.TokenFile;
import dev.agentcollab.inference.cli.Commands;
import dev.agentcollab.inference.harness.TerminalProgressBar;
import dev.agentcollab.inference.harness.Ticker;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import java.time.InstantSource;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.CountDownLatch;

/**
 * The main job behind {@code ./collab demo}: starts a local collaboration on file buckets (server + dashboard),
 * runs the demo scenario (agents register, talk, benchmark and submit) and then serves until interrupted, or
 * exits with {@code --exit-after-demo}. Exit codes: 0 done, 2 bad options, 1 failure.
 */
public final class CollabApp {
    private CollabApp() {}

    /**
     * Entry point: {@code collab demo}, kept for launchers that name this class.
     *
     * @param args the options of {@code collab demo}
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err, true));
    }

    /**
     * Runs {@code collab demo}.
     *
     * @param args the options
     * @param out where the steps and the summary are printed
     * @param err where errors and progress bars go
     * @param waitForInterrupt whether to keep serving until the JVM is interrupted (unless the options say exit)
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err, boolean waitForInterrupt) {
        return Commands.execute(new DemoCommand(out, err, waitForInterrupt), args, out, err);
    }

    /**
     * Plays the demo.
     *
     * @param options the parsed options
     * @param out where the steps and the summary are printed
     * @param err where errors and progress bars go
     * @param waitForInterrupt whether to keep serving until the JVM is interrupted (unless the options say exit)
     * @return the exit code
     */
    static int play(AppOptions options, PrintStream out, PrintStream err, boolean waitForInterrupt) {
        DemoIdentity cast = DemoIdentity.draw(LocalCollaboration.ORG, new SecureRandom());
        try {
            cast = cast.withExtra(options.tokens()
                    .map(f -> TokenFile.read(f, Optional.of(LocalCollaboration.ORG)))
                    .orElse(List.of()));
        } catch (IllegalArgumentException | UncheckedIOException e) {
            err.println("collab demo: --tokens: " + e.getMessage());
            return 2;
        }
        try (LocalCollaboration collab = LocalCollaboration.start(options, cast)) {
            out.println(
                    "collab: buckets in " + options.dataDir().resolve("buckets").toAbsolutePath());
            out.println("collab: API and dashboard at " + collab.baseUri());
            printIdentities(out, cast, options);
            if (alreadyPlayed(collab)) {
                int results = resultCount(collab);
                if (results >= DemoBenchmark.SUBMISSIONS) {
                    out.println("collab: " + options.dataDir().toAbsolutePath() + " already holds a played demo: its"
                            + " record is served as it is (delete the folder, or pass --data NEW_FOLDER, to play the"
                            + " demo anew)");
                } else {
                    out.println("collab: " + options.dataDir().toAbsolutePath() + " holds a demo that was stopped"
                            + " before it finished (" + Counted.of(results, "result") + " of "
                            + DemoBenchmark.SUBMISSIONS + "): its record is served as it is (delete the folder, or pass"
                            + " --data NEW_FOLDER, to play the demo in full)");
                }
                out.println("collab: dashboard ready at " + collab.baseUri());
                serveUntilInterrupted(out, options, waitForInterrupt, collab);
                return 0;
            }
            DemoScenario scenario = new DemoScenario(
                    collab.service(), collab.store(), cast, s -> out.println("  - " + s), InstantSource.system());
            DemoScenario.Outcome outcome = scenario.run(
                    options.dataDir().resolve("runs"),
                    options.seed(),
                    TerminalProgressBar.forStream(err, Ticker.system(), TerminalProgressBar.interactive()));
            printLeaderboard(out, outcome);
            out.println("collab: benchmark files (per submission: state/summary.json, result.md; chart.png,"
                    + " summary.txt) in " + outcome.runDir().toAbsolutePath());
            out.println("collab: organizer token for the dashboard (posts as human-" + cast.organizer() + "): "
                    + cast.organizerToken());
            for (DemoIdentity.DemoAgent a : cast.agents()) {
                out.println("collab: token of " + a.hfUser() + " (runs agent " + a.agentId() + "): " + a.token());
            }
            out.println("collab: agent README (how an outside agent joins) at "
                    + collab.baseUri().resolve("/v1/agent-readme"));
            out.println("collab: dashboard ready at " + collab.baseUri());
            serveUntilInterrupted(out, options, waitForInterrupt, collab);
            return 0;
        } catch (CollabException e) {
            err.println("collab demo failed: " + e.code() + ": " + e.getMessage()
                    + e.hint().map(h -> " (" + h + ")").orElse(""));
            return 1;
        }
    }

    /**
     * Whether the demo already played in these buckets, wholly or until it was stopped: its scripted posts are on the
     * board, and posting the same content again is refused as a duplicate, so the record is served instead of played
     * twice. A demo played to the end holds a result per submission ({@link #resultCount}).
     */
    private static boolean alreadyPlayed(LocalCollaboration collab) {
        return collab.service()
                        .anonymous()
                        .board()
                        .messages(ListQuery.defaults())
                        .matched()
                > 0;
    }

    private static int resultCount(LocalCollaboration collab) {
        return collab.service().anonymous().results().list(ListQuery.defaults()).matched();
    }

    private static void serveUntilInterrupted(
            PrintStream out, AppOptions options, boolean waitForInterrupt, LocalCollaboration collab) {
        if (waitForInterrupt && !options.exitAfterDemo()) {
            out.println("collab: serving; press Ctrl-C to stop");
            awaitShutdown(out, collab);
        }
    }

    /** Every token of the cast, so that an outside harness can act as any of them (see docs/agent-cli.md). */
    private static void printIdentities(PrintStream out, DemoIdentity cast, AppOptions options) {
        out.println("collab: identities (bearer tokens of this run; COLLAB_URL=<the URL above> COLLAB_TOKEN=<token>)");
        out.println("  organizer    " + cast.organizer() + " (admin)  " + cast.organizerToken());
        for (DemoIdentity.DemoAgent a : cast.agents()) {
            out.println(String.format(
                    Locale.ROOT, "  %-12s %s (write, runs agent %s)  %s", "agent", a.hfUser(), a.agentId(), a.token()));
        }
        if (!cast.extra().isEmpty()) {
            out.println("  and " + Counted.of(cast.extra().size(), "identity", "identities") + " from "
                    + options.tokens().orElseThrow() + ": "
                    + String.join(
                            ", ",
                            cast.extra().stream()
                                    .map(e -> e.user() + " (" + e.role() + " of " + e.org() + ")")
                                    .toList()));
        }
    }

    private static void printLeaderboard(PrintStream out, DemoScenario.Outcome outcome) {
        out.println("collab: leaderboard");
        out.println(String.format(
                Locale.ROOT,
                "  %-4s %-16s %12s %10s  %-12s %s",
                "rank",
                "agent",
                "score",
                "guard",
                "verification",
                "result"));
        for (LeaderboardRow row : outcome.leaderboard().rows()) {
            out.println(String.format(
                    Locale.ROOT,
                    "  %-4d %-16s %12.2f %10s  %-12s %s",
                    row.rank(),
                    row.agent(),
                    row.score(),
                    row.guard().map(g -> String.format(Locale.ROOT, "%.3f", g)).orElse("-"),
                    row.verification(),
                    row.filename()));
        }
    }

    /**
     * Serves until the JVM is asked to stop (Ctrl-C, SIGTERM), and stops the collaboration within that shutdown: the
     * JVM halts once its hooks return, so closing it after this method returned could be cut off (its audit rows,
     * index snapshot and claim on the folder).
     */
    private static void awaitShutdown(PrintStream out, LocalCollaboration collab) {
        CountDownLatch stop = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            out.println("collab: stopping");
                            try {
                                collab.close();
                            } finally {
                                out.println("collab: stopped");
                                stop.countDown();
                            }
                        },
                        "collab-shutdown"));
        try {
            stop.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
