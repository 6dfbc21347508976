package dev.agentcollab.core.service.job;

import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.core.bucket.file.FileSystemBucketStore;
import dev.agentcollab.testkit.bucket.InMemoryBucketStore;
import java.nio.file.Path;
import java.time.InstantSource;
import java.util.function.BiFunction;
import java.util.stream.Stream;
import org.junit.jupiter.params.provider.Arguments;

/** The bucket backends every results/jobs test runs on: in memory and on the file system. */
final class TestStores {
    private TestStores() {}

    /** A named factory: (temp folder, clock) to a store. */
    record Backend(String name, BiFunction<Path, InstantSource, BucketStore> open) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Arguments> backends() {
        return Stream.of(
                Arguments.of(new Backend("memory", (dir, clock) -> InMemoryBucketStore.create(clock))),
                Arguments.of(new Backend("file", (dir, clock) -> FileSystemBucketStore.open(dir, clock))));
    }
}
