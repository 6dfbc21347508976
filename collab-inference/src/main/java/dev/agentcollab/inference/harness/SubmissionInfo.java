package dev.agentcollab.inference.harness;

/**
 * The submission's {@code submission.json}: what the result file says about it.
 *
 * @param name a short name, e.g. {@code mtp-k4}
 * @param method the technique in one line (the result's {@code method} field)
 * @param description a longer description (the result's {@code description} field; may be empty)
 */
public record SubmissionInfo(String name, String method, String description) {

    /** Fills blanks: method defaults to the name, description to empty. */
    public SubmissionInfo {
        if (name == null || name.isBlank()) {
            throw new IllegalArgumentException(
                    "name must be a non-blank string, but was " + (name == null ? "missing" : "'" + name + "'"));
        }
        method = method == null || method.isBlank() ? name : method;
        description = description == null ? "" : description;
    }

    /**
     * Metadata for a submission without {@code submission.json}.
     *
     * @param name the name (usually the directory name)
     * @return the metadata
     */
    public static SubmissionInfo unnamed(String name) {
        return new SubmissionInfo(name, name, "");
    }
}
