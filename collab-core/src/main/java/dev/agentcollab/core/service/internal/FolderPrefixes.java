package dev.agentcollab.core.service.internal;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * Finds, among the keys of a map keyed by path prefix, those a path starts with, without testing every key: a key
 * that is a folder ({@code ""} or ending with {@code /}) is a prefix of a path exactly when it is one of the path's
 * folders ({@code ""}, {@code a/}, {@code a/b/}, ...), so those are looked up, O(the path's depth); the other keys,
 * which this notes as they are added (few or none: listings are of folders), are tested one by one.
 *
 * <p>What the read model uses for each written path, where testing every cached view and every watcher's prefix
 * cost O(views + watchers) per path (one view and up to two watchers per inbox on a server with 1,000 agents), under
 * the lock that orders writes. Thread safe.
 */
final class FolderPrefixes {
    private final Set<String> others = ConcurrentHashMap.newKeySet();

    /**
     * Notes a key of the map; call it before the key is put.
     *
     * @param prefix the key
     */
    void added(String prefix) {
        if (!isFolder(prefix)) {
            others.add(prefix);
        }
    }

    /**
     * Calls an action with every prefix of a path that may be a key of the map: each folder of the path, shortest
     * first, then each noted key that is not a folder and that the path starts with. The caller looks each up
     * (a folder need not be a key); every key the path starts with is among them, once.
     *
     * @param path a file's path
     * @param action called with each candidate
     */
    void forEachCandidate(String path, Consumer<String> action) {
        action.accept("");
        for (int i = path.indexOf('/'); i >= 0; i = path.indexOf('/', i + 1)) {
            action.accept(path.substring(0, i + 1));
        }
        for (String p : others) {
            if (path.startsWith(p)) {
                action.accept(p);
            }
        }
    }

    private static boolean isFolder(String prefix) {
        return prefix.isEmpty() || prefix.endsWith("/");
    }
}
