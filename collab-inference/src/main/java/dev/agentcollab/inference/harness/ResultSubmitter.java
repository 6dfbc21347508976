package dev.agentcollab.inference.harness;

import dev.agentcollab.api.board.Board;
import dev.agentcollab.api.board.MessagePost;
import dev.agentcollab.api.board.PostReceipt;
import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketPath;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.bucket.BucketUri;
import dev.agentcollab.api.result.ResultReceipt;
import dev.agentcollab.api.result.Results;
import java.nio.charset.StandardCharsets;
import java.time.InstantSource;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/**
 * Submits harness results the way an agent does (anchor onboarding step 6): write the result file into the
 * agent's scratch bucket, promote it through the results API ({@code POST /v1/results {source}}), then announce
 * it on the board with {@code refs} to the promoted file. The leaderboard then ranks it by tokens/s and shows
 * the perplexity guardrail and the quality flag from its frontmatter.
 *
 * <p>Thread safe when the features and store are.
 */
public final class ResultSubmitter {
    private static final DateTimeFormatter STAMP =
            DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss-SSS", Locale.ROOT).withZone(ZoneOffset.UTC);

    private final Results results;
    private final BucketStore store;
    private final BucketId scratch;
    private final InstantSource clock;

    /**
     * Creates a submitter.
     *
     * @param results the results feature of the caller's {@code Collab}
     * @param store the store holding the caller's scratch bucket
     * @param scratch the caller's scratch bucket, {@code <org>/<slug>-<agent>}
     * @param clock names the drafts in the scratch bucket
     */
    public ResultSubmitter(Results results, BucketStore store, BucketId scratch, InstantSource clock) {
        this.results = Objects.requireNonNull(results, "results");
        this.store = Objects.requireNonNull(store, "store");
        this.scratch = Objects.requireNonNull(scratch, "scratch");
        this.clock = Objects.requireNonNull(clock, "clock");
    }

    /**
     * Writes and promotes the result file of a run.
     *
     * @param summary the run's summary
     * @param scoreField the deployment's score field name (e.g. {@code score})
     * @param artifacts where the submission lives, or empty
     * @return the promotion receipt
     * @throws dev.agentcollab.api.error.CollabException as {@link Results#promote(String)} throws
     */
    public ResultReceipt submit(HarnessSummary summary, String scoreField, String artifacts) {
        ResultFile file = ResultFile.fromSummary(summary, scoreField, artifacts);
        String slug = summary.submission().toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9-]+", "-");
        BucketPath path = BucketPath.of("harness/results/" + STAMP.format(clock.instant()) + "_" + slug + ".md");
        store.put(scratch, path, file.render().getBytes(StandardCharsets.UTF_8));
        return results.promote(new BucketUri(scratch, Optional.of(path)).toString());
    }

    /**
     * Posts a short board message referring to a promoted result.
     *
     * @param board the board feature
     * @param receipt the promotion receipt
     * @param summary the run's summary
     * @return the post receipt
     */
    public PostReceipt announce(Board board, ResultReceipt receipt, HarnessSummary summary) {
        String body = "Harness result for " + summary.submission() + ": " + ResultFile.describe(summary) + "\n";
        BucketPath path = BucketPath.of("harness/posts/" + STAMP.format(clock.instant()) + "_announce.md");
        store.put(scratch, path, body.getBytes(StandardCharsets.UTF_8));
        return board.post(MessagePost.fromSource(new BucketUri(scratch, Optional.of(path)).toString())
                .withRefs(receipt.filename()));
    }
}
