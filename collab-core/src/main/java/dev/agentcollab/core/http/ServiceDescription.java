package dev.agentcollab.core.http;

import java.util.Objects;
import java.util.Optional;

/**
 * What {@code GET /v1} tells clients about the deployment (anchor §4).
 *
 * @param org the Hub organisation
 * @param collab the collaboration slug
 * @param centralBucket the central bucket, {@code <org>/<slug>-main-bucket} by default
 * @param scoreField the result frontmatter key holding the score
 * @param scoreUnit the unit shown next to scores
 * @param scoreOrder {@code desc} (higher is better) or {@code asc}
 * @param mentionFanoutCap how many inboxes one message reaches at most
 * @param jobsEnabled whether {@code POST /v1/jobs:run} is advertised
 * @param guardField the leaderboard's guardrail column, if any (a ranked result must give it as a number)
 * @param guardCap the guardrail's cap, if any (rows above it are left off)
 */
public record ServiceDescription(
        String org,
        String collab,
        String centralBucket,
        String scoreField,
        String scoreUnit,
        String scoreOrder,
        int mentionFanoutCap,
        boolean jobsEnabled,
        Optional<String> guardField,
        Optional<Double> guardCap) {

    /** Validates the fields. */
    public ServiceDescription {
        Objects.requireNonNull(org, "org");
        Objects.requireNonNull(collab, "collab");
        Objects.requireNonNull(centralBucket, "centralBucket");
        Objects.requireNonNull(scoreField, "scoreField");
        Objects.requireNonNull(scoreUnit, "scoreUnit");
        if (!scoreOrder.equals("desc") && !scoreOrder.equals("asc")) {
            throw new IllegalArgumentException("scoreOrder must be desc or asc, but was " + scoreOrder);
        }
        Objects.requireNonNull(guardField, "guardField");
        Objects.requireNonNull(guardCap, "guardCap");
        if (mentionFanoutCap < 0) {
            throw new IllegalArgumentException("mentionFanoutCap must be >= 0, but was " + mentionFanoutCap);
        }
    }

    /**
     * Describes a local service: org, slug and central bucket from its {@code CollabConfig}, score field, unit and
     * order from its results settings, the fan-out cap, and whether jobs are enabled.
     *
     * @param service the service the server fronts
     * @return the description
     */
    public static ServiceDescription from(dev.agentcollab.core.service.CollabService service) {
        var config = service.config();
        var results = service.results().config();
        return new ServiceDescription(
                config.org(),
                config.collabSlug(),
                config.centralBucket().toString(),
                results.scoreField(),
                results.scoreUnit(),
                results.scoreOrder().wire(),
                config.mentionFanoutCap(),
                service.results().jobsConfig().enabled(),
                results.leaderboardGuardField(),
                results.leaderboardGuardCap());
    }

    /**
     * The reference defaults for an org and slug: central bucket {@code <org>/<slug>-main-bucket}, score field
     * {@code score} in {@code points}, higher is better, fan-out cap 10, jobs disabled, no guardrail.
     *
     * @param org the organisation
     * @param collab the slug
     * @return the description
     */
    public static ServiceDescription of(String org, String collab) {
        return new ServiceDescription(
                org,
                collab,
                org + "/" + collab + "-main-bucket",
                "score",
                "points",
                "desc",
                10,
                false,
                Optional.empty(),
                Optional.empty());
    }
}
