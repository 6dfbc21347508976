package dev.agentcollab.inference;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.cpu.CpuBackend;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.spi.BackendOptions;
import dev.agentcollab.inference.spi.InferenceBackend;
import dev.agentcollab.inference.spi.InferenceBackendProvider;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

class InferenceBackendsTest {
    private static final String SERVICES = "META-INF/services/" + InferenceBackendProvider.class.getName();

    @TempDir
    Path dir;

    @Test
    void cpuProviderIsDiscoveredAndCanBeForced() {
        assertTrue(InferenceBackends.providers().stream().anyMatch(p -> p.name().equals("cpu")));
        String before = System.getProperty(InferenceBackends.PROPERTY);
        try {
            System.setProperty(InferenceBackends.PROPERTY, "cpu");
            try (InferenceBackend b = InferenceBackends.open(
                    TinyModels.targetCheckpoint(1),
                    Optional.of(TinyModels.drafterCheckpoint(2)),
                    new BackendOptions(32, 4, 1))) {
                assertTrue(b instanceof CpuBackend);
                assertTrue(b.hasDrafter());
                assertEquals(TinyModels.target(), b.config());
            }
            System.setProperty(InferenceBackends.PROPERTY, "no-such-backend");
            CollabException e = assertThrows(
                    CollabException.class,
                    () -> InferenceBackends.open(
                            TinyModels.targetCheckpoint(1), Optional.empty(), new BackendOptions(32, 4, 1)));
            assertEquals(ErrorCode.UNSUPPORTED_SCHEME, e.code());
        } finally {
            if (before == null) {
                System.clearProperty(InferenceBackends.PROPERTY);
            } else {
                System.setProperty(InferenceBackends.PROPERTY, before);
            }
        }
    }

    @Test
    @Timeout(60)
    void providersThatFailToLoadAreSkippedAndTheRestStillFound() throws Exception {
        List<String> names = withExtraServices(
                List.of(
                        "dev.agentcollab.inference.NoSuchProvider",
                        FailingToInitialize.class.getName(),
                        NotAProvider.class.getName(),
                        Extra.class.getName()),
                () -> InferenceBackends.providers().stream()
                        .map(InferenceBackendProvider::name)
                        .toList());
        assertTrue(names.contains("cpu"), names.toString());
        assertTrue(names.contains("extra-test"), "entries after the broken ones are still loaded: " + names);
        assertEquals(names.size(), Set.copyOf(names).size(), names.toString());
        assertEquals("extra-test", names.get(names.size() - 1), "lowest priority last: " + names);
    }

    @Test
    @Timeout(60)
    void twoProvidersWithOneNameFailFastNamingBoth() throws Exception {
        CollabException e = assertThrows(
                CollabException.class,
                () -> withExtraServices(List.of(SecondCpu.class.getName()), InferenceBackends::providers));
        assertEquals(ErrorCode.UNSUPPORTED_SCHEME, e.code());
        assertTrue(e.getMessage().contains("two inference backends named cpu"), e.getMessage());
        assertTrue(e.getMessage().contains(SecondCpu.class.getName()), e.getMessage());
        assertTrue(e.getMessage().contains("CpuBackendProvider"), e.getMessage());
    }

    /** Runs {@code action} with a context class loader that adds a services file listing {@code entries}. */
    private <T> T withExtraServices(List<String> entries, Callable<T> action) throws Exception {
        Path services = dir.resolve(SERVICES);
        Files.createDirectories(services.getParent());
        Files.write(services, entries);
        Thread thread = Thread.currentThread();
        ClassLoader before = thread.getContextClassLoader();
        try (URLClassLoader loader = new URLClassLoader(new URL[] {dir.toUri().toURL()}, before)) {
            thread.setContextClassLoader(loader);
            return action.call();
        } finally {
            thread.setContextClassLoader(before);
        }
    }

    /** A provider stub; only its name and priority matter to discovery. */
    abstract static class Stub implements InferenceBackendProvider {
        @Override
        public boolean isAvailable() {
            return false;
        }

        @Override
        public InferenceBackend open(Checkpoint target, Optional<DrafterCheckpoint> drafter, BackendOptions options) {
            throw new UnsupportedOperationException();
        }
    }

    /** Listed after the broken entries: must still be found. */
    public static final class Extra extends Stub {
        @Override
        public String name() {
            return "extra-test";
        }

        @Override
        public int priority() {
            return -1000;
        }
    }

    /** A second provider named {@code cpu}. */
    public static final class SecondCpu extends Stub {
        @Override
        public String name() {
            return "cpu";
        }

        @Override
        public int priority() {
            return 1;
        }
    }

    /** Its class initializer fails, as when a native library is missing. */
    public static final class FailingToInitialize extends Stub {
        static {
            if (Boolean.parseBoolean("true")) {
                throw new IllegalStateException("native library missing");
            }
        }

        @Override
        public String name() {
            return "failing";
        }

        @Override
        public int priority() {
            return 0;
        }
    }

    /** Listed as a provider but is none. */
    public static final class NotAProvider {}
}
