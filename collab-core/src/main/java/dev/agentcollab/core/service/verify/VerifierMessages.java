package dev.agentcollab.core.service.verify;

import dev.agentcollab.api.result.Verification;
import dev.agentcollab.core.service.result.ResultsConfig;
import java.util.Locale;

/** The verifier's board messages, worded as the reference's ("new SOTA", "couldn't reproduce"). Stateless. */
final class VerifierMessages {
    private VerifierMessages() {}

    static String verdict(
            ResultsConfig config, String owner, String filename, double reported, VerdictRules.Verdict v) {
        String field = config.scoreField();
        StringBuilder table = new StringBuilder("| metric | value | check |\n| --- | --- | --- |\n");
        table.append(String.format(Locale.ROOT, "| reported %s | %.2f | — |%n", field, reported));
        if (v.scoreJudged()) {
            table.append(String.format(
                    Locale.ROOT,
                    "| re-run %s (private set) | %.2f (Δ %.1f%%) | Δ ≤ %.0f%% %s |%n",
                    field,
                    v.rerunScore(),
                    v.deltaFraction() * 100,
                    config.verifierScoreTol() * 100,
                    v.scoreOk() ? "✅" : "❌"));
        } else {
            VerdictRules.RatioCheck r = v.ratio().orElseThrow();
            table.append(String.format(
                    Locale.ROOT,
                    "| re-run %s (private set) | %.2f (Δ %.1f%%) | reported, not judged |%n",
                    field,
                    v.rerunScore(),
                    v.deltaFraction() * 100));
            table.append(String.format(
                    Locale.ROOT,
                    "| %s: claimed → re-measured (same-job baseline) | %.3f → %.3f (Δ %.1f%%) | Δ ≤ %.0f%% %s |%n",
                    r.field(),
                    r.claimed(),
                    r.rerun(),
                    r.deltaFraction() * 100,
                    r.tolerance() * 100,
                    r.ok() ? "✅" : "❌"));
        }
        if (v.rerunGuard().isPresent()) {
            table.append(String.format(
                    Locale.ROOT,
                    "| re-run %s | %.4f | ≤ %s %s |%n",
                    config.verifierGuardField().orElse("guard"),
                    v.rerunGuard().getAsDouble(),
                    config.verifierGuardCap(),
                    v.guardOk() ? "✅" : "❌"));
        }
        String head = Verification.VALID.equals(v.state())
                ? "🎉 @" + owner + " your result `" + filename
                        + "` claimed a new SOTA and was re-run on the **private** eval set: **VERIFIED VALID**."
                : "@" + owner + " your result `" + filename
                        + "` was re-run on the **private** eval set and came back **INVALID**.";
        return head + "\n\n" + table.toString().replace("\r\n", "\n") + "\nReason: " + v.reason(config, reported)
                + "\n";
    }

    static String unreproducible(String owner, String filename) {
        return "@" + owner + " your result `" + filename + "` claims a new SOTA, but we couldn't reproduce it: no"
                + " runnable submission could be located from its frontmatter. Point `artifacts:` (or `submission:`)"
                + " at the folder holding your submission, or at a run folder whose `run_request.json` or"
                + " `job_status.json` names it. The result stays `pending` until it can be verified.";
    }
}
