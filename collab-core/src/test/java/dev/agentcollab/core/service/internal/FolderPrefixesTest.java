package dev.agentcollab.core.service.internal;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/** The candidates of a path, filtered by the keys, against a test of every key. */
class FolderPrefixesTest {
    private static final List<String> PARTS = List.of("a", "ab", "inbox", "agent-1", "agent-10", "x.md", "");

    @Test
    void theCandidatesThatAreKeysAreExactlyTheKeysAPathStartsWith() {
        Random random = new Random(42);
        for (int round = 0; round < 200; round++) {
            FolderPrefixes prefixes = new FolderPrefixes();
            Set<String> keys = new TreeSet<>();
            for (int k = random.nextInt(12); k > 0; k--) {
                String key = path(random);
                if (random.nextBoolean()) {
                    key = key.substring(0, random.nextInt(key.length() + 1)); // folders, and cuts anywhere
                }
                prefixes.added(key);
                keys.add(key);
            }
            for (int p = 0; p < 30; p++) {
                String path = path(random);
                List<String> found = new ArrayList<>();
                prefixes.forEachCandidate(path, c -> {
                    if (keys.contains(c)) {
                        found.add(c);
                    }
                });
                List<String> expected = new ArrayList<>();
                keys.stream().filter(path::startsWith).forEach(expected::add);
                assertEquals(expected, found.stream().sorted().toList(), path + " with keys " + keys);
            }
        }
    }

    private static String path(Random random) {
        StringBuilder b = new StringBuilder();
        for (int depth = 1 + random.nextInt(4); depth > 0; depth--) {
            b.append(PARTS.get(random.nextInt(PARTS.size()))).append(depth > 1 ? "/" : "");
        }
        return b.toString();
    }
}
