package dev.agentcollab.api.result;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.query.ListQuery;
import dev.agentcollab.api.query.Page;

/**
 * Results as seen by one caller ({@code POST/GET /v1/results}). Results are immutable once promoted; negative
 * results ({@code status: negative}) are kept and listed but never ranked. Implementations MUST be thread safe.
 */
public interface Results {

    /**
     * Promotes a result file from the caller's scratch bucket. The frontmatter must hold the score field (a
     * positive number), every required field ({@code method}, {@code status}, {@code description} by default, the
     * strings non-blank) and {@code status} one of {@code agent-run} or {@code negative}. The server stamps
     * {@code agent}, {@code via: bucket} and {@code timestamp}; the result enters the verification index as
     * {@code pending}, and a new best claim may trigger the automated verifier (never delaying or failing this
     * call).
     *
     * @param source {@code hf://buckets/<org>/<slug>-<agent>/<path>}
     * @return where it was written
     * @throws CollabException {@code INVALID_PATH}, {@code NOT_REGISTERED}, {@code RATE_LIMITED},
     *     {@code SOURCE_NOT_FOUND}, {@code INVALID_FRONTMATTER}, {@code ALREADY_PROMOTED}
     */
    ResultReceipt promote(String source);

    /**
     * Lists results with the list grammar plus {@code status} and {@code verification}; defaults: 10 items,
     * newest first.
     *
     * @param query the query
     * @return the page
     * @throws CollabException {@code INVALID_QUERY}, {@code INVALID_PATH}
     */
    Page<ResultRecord> list(ListQuery query);

    /**
     * Reads one result with its verification state.
     *
     * @param filename the leaf filename
     * @return the result
     * @throws CollabException {@code NOT_FOUND} ({@code no such file: results/<filename>})
     */
    ResultRecord get(String filename);

    /**
     * Records an organizer's verdict on a result: the verification index takes it at once, whatever it held (a
     * human verdict is final for the automated verifier, which never overwrites it), the board announces it as the
     * organizer's message of type {@code verification} referring to the result (its author gets an inbox copy),
     * and the audit log records it. {@code pending} opens the question again.
     *
     * @param filename the result's leaf filename
     * @param request the verdict and its reason
     * @return the states before and after, and the announcement
     * @throws CollabException {@code UNAUTHORIZED} (no or a bad token), {@code NOT_ORGANIZER},
     *     {@code ORGANIZER_CHECK_UNAVAILABLE}, {@code NOT_FOUND} (no such result), {@code UNAVAILABLE} (the index
     *     cannot be read: it is never overwritten then)
     */
    VerdictReceipt setVerification(String filename, VerdictRequest request);
}
