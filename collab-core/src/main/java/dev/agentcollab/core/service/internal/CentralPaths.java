package dev.agentcollab.core.service.internal;

/**
 * Which files of the central bucket are which records, where more than one part of the service asks: a feature's
 * listing and the text index that searches it must agree on what they cover. Stateless.
 */
public final class CentralPaths {
    private static final String MANIFEST = "manifest.md";
    private static final String README = "README.md";

    private CentralPaths() {}

    /**
     * Whether a path below {@code traces/} is a shared trace's manifest, {@code <agent>/<session>/manifest.md}, the
     * files the trace library lists.
     *
     * @param relative the path below {@code traces/}
     * @return whether it is one
     */
    public static boolean isTraceManifest(String relative) {
        int a = relative.indexOf('/');
        int b = a < 0 ? -1 : relative.indexOf('/', a + 1);
        return a > 0
                && b > a + 1
                && relative.indexOf('/', b + 1) < 0
                && relative.substring(b + 1).equals(MANIFEST);
    }

    /**
     * Whether a path below a taskforce's folder is its README ({@code README.md} in any case, directly in the folder).
     *
     * @param relative the path below {@code taskforces/<name>/}
     * @return whether it is the README
     */
    public static boolean isTaskforceReadme(String relative) {
        return relative.equalsIgnoreCase(README);
    }

    /**
     * Whether a path below a taskforce's folder is one of its notes: a markdown file at any depth but its README.
     *
     * @param relative the path below {@code taskforces/<name>/}
     * @return whether it is a note
     */
    public static boolean isTaskforceNote(String relative) {
        return relative.endsWith(".md") && !isTaskforceReadme(relative);
    }
}
