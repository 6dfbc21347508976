package dev.agentcollab.inference.cuda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

/**
 * jcuda is an optional dependency: with the module's classes but without the jcuda jar (an application that did not
 * add it), the provider still loads through ServiceLoader and the probe reports CUDA unavailable instead of failing.
 */
class CudaWithoutJcudaTest {

    @Test
    void withoutTheJcudaJarTheProviderLoadsAndReportsUnavailable() throws Exception {
        try (URLClassLoader loader = isolated()) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName("jcuda.driver.JCudaDriver", false, loader));
            Class<?> availability = Class.forName(CudaAvailability.class.getName(), true, loader);
            Object result = availability.getMethod("get").invoke(null);
            assertFalse((Boolean) availability.getMethod("available").invoke(result));
            String reason = (String) availability.getMethod("reason").invoke(result);
            assertTrue(reason.startsWith("NoClassDefFoundError") && reason.contains("jcuda"), reason);

            Class<?> spi = Class.forName("dev.agentcollab.inference.spi.InferenceBackendProvider", true, loader);
            List<String> available = new ArrayList<>();
            for (Object provider : ServiceLoader.load(spi, loader)) {
                if ((Boolean) spi.getMethod("isAvailable").invoke(provider)) {
                    available.add((String) spi.getMethod("name").invoke(provider));
                }
            }
            assertEquals(List.of("cpu"), available);
        }
    }

    /** The module's, collab-api's and the logging facade's classes, the JDK, and nothing else (no jcuda, no JUnit). */
    private static URLClassLoader isolated() {
        return new URLClassLoader(
                new URL[] {
                    location(CudaAvailability.class),
                    location(CollabException.class),
                    location(org.slf4j.LoggerFactory.class)
                },
                ClassLoader.getPlatformClassLoader());
    }

    private static URL location(Class<?> type) {
        return type.getProtectionDomain().getCodeSource().getLocation();
    }
}
