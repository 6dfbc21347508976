package dev.agentcollab.core.service.verify;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.identity.CallContext;
import dev.agentcollab.api.identity.HfIdentity;
import dev.agentcollab.api.result.VerdictReceipt;
import dev.agentcollab.api.result.VerdictRequest;
import dev.agentcollab.api.result.Verification;
import dev.agentcollab.core.service.internal.Names;
import dev.agentcollab.core.service.internal.ServiceContext;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * Organizers' verdicts on results ({@code POST /v1/results/{filename}/verification}, an extension): where no
 * automated verifier runs (a collaboration whose results cannot be re-run by a job), or where an organizer overrules
 * one. Checks, in order: a bearer token of an org member who is an organizer, the result exists; then the
 * verification index takes the verdict at once, the private ledger records it as a human's (so the verifier defers
 * to it), and the board announces it as the organizer's message of type {@code verification} with the result in its
 * refs, which delivers it to the result's author; that message's commit is the request's audit row. Thread safe.
 */
public final class OrganizerVerdicts {
    /** The audit route of a verdict. */
    static final String ROUTE = "/v1/results/{filename}/verification";

    private final ServiceContext ctx;
    private final VerificationIndex index;
    private final Predicate<String> resultExists;
    private final BoardAnnouncer board;

    /**
     * Creates the feature.
     *
     * @param ctx the service infrastructure
     * @param index the verification index
     * @param resultExists whether a result of this filename was promoted
     */
    public OrganizerVerdicts(ServiceContext ctx, VerificationIndex index, Predicate<String> resultExists) {
        this.ctx = Objects.requireNonNull(ctx, "ctx");
        this.index = Objects.requireNonNull(index, "index");
        this.resultExists = Objects.requireNonNull(resultExists, "resultExists");
        this.board = new BoardAnnouncer(ctx);
    }

    /**
     * Records an organizer's verdict (see {@link dev.agentcollab.api.result.Results#setVerification}).
     *
     * @param caller the caller, an organizer
     * @param filename the result's filename
     * @param request the verdict and its reason
     * @return the states before and after, and the announcement
     */
    public VerdictReceipt judge(CallContext caller, String filename, VerdictRequest request) {
        Objects.requireNonNull(caller, "caller");
        Objects.requireNonNull(filename, "filename");
        Objects.requireNonNull(request, "request");
        return ctx.idempotency()
                .run(
                        caller,
                        "results.verification",
                        Map.of("filename", filename, "verdict", request.verdict(), "reason", request.reason()),
                        VerdictReceipt.class,
                        () -> judgeOnce(caller, filename, request));
    }

    private VerdictReceipt judgeOnce(CallContext caller, String filename, VerdictRequest request) {
        HfIdentity user = ctx.requireOrganizer(caller, "verdicts are for organizers; pass an organizer's token");
        if (!resultExists.test(filename)) {
            throw CollabException.notFound("results/" + filename);
        }
        String by = user.handle();
        String owner = Names.agentFromFilename(filename);
        String body = announcement(owner, filename, by, request);
        // the index's new content, the announcement and its audit and idempotency records are one batch: a failed
        // call leaves the verdict as it was, and a retry reports the state the verdict replaced
        return index.setHumanVerdict(filename, request.verdict(), by, request.reason(), (previous, indexWrite) -> {
            Map<String, Object> facts = new LinkedHashMap<>();
            facts.put("result", filename);
            facts.put("verdict", request.verdict());
            facts.put("previous", previous);
            Function<String, VerdictReceipt> receipt =
                    posted -> new VerdictReceipt(filename, request.verdict(), previous, "message_board/" + posted);
            return receipt.apply(board.post(
                    by,
                    "verification",
                    body,
                    List.of(filename),
                    new BoardAnnouncer.Audit(ROUTE, 200, facts),
                    caller,
                    receipt::apply,
                    indexWrite));
        });
    }

    /** The board message: who decided what about whose result, and why. */
    static String announcement(String owner, String filename, String by, VerdictRequest request) {
        String whose =
                owner.isEmpty() ? "The result `" + filename + "`" : "@" + owner + " your result `" + filename + "`";
        String head =
                switch (request.verdict()) {
                    case Verification.VALID -> whose + " was checked by " + by + " (organizer): **VERIFIED VALID**.";
                    case Verification.INVALID -> whose + " was checked by " + by + " (organizer) and is **INVALID**.";
                    default ->
                        "The verification of " + (owner.isEmpty() ? "" : "@" + owner + "'s result ") + "`" + filename
                                + "` is open again (" + by + ", organizer): **PENDING**.";
                };
        return head + "\n\nReason: " + request.reason() + "\n";
    }
}
