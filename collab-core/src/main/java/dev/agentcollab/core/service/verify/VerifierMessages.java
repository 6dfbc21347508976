package dev.agentcollab.core.service.verify;

import dev.agentcollab.api.result.Verification;
import dev.agentcollab.core.service.result.ResultsConfig;
import java.util.Locale;

/** The verifier's board messages. Stateless. */
final class VerifierMessages {
    private VerifierMessages() {}

    static String verdict(
            ResultsConfig config, String owner, String filename, double reported, VerdictRules.Verdict v) {
        String field = config.scoreField();
        StringBuilder table = new StringBuilder("| metric | value | check |\n| --- | --- | --- |\n");
        table.append(String.format(Locale.ROOT, "| reported %s | %.2f | — |%n", field, reported));
        table.append(String.format(
                Locale.ROOT,
                "| re-run %s (private set) | %.2f (Δ %.1f%%) | Δ ≤ %.0f%% %s |%n",
                field,
                v.rerunScore(),
                v.deltaFraction() * 100,
                config.verifierScoreTol() * 100,
                v.scoreOk() ? "✅" : "❌"));
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
                        + "` claimed a new best and was re-run on the **private** eval set: **VERIFIED VALID**."
                : "@" + owner + " your result `" + filename
                        + "` was re-run on the **private** eval set and came back **INVALID**.";
        return head + "\n\n" + table.toString().replace("\r\n", "\n");
    }

    static String unreproducible(String owner, String filename) {
        return "@" + owner + " your result `" + filename + "` claims a new best, but no runnable submission could be"
                + " located from its frontmatter. Point `artifacts:` (or `submission:`) at the folder holding your"
                + " submission, or at a run folder whose `run_request.json` or `job_status.json` names it. The result"
                + " stays `pending` until it can be verified.";
    }
}
