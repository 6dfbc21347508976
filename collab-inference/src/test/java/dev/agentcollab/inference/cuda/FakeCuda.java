package dev.agentcollab.inference.cuda;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * fakecuda for the GPU tests: builds {@code src/test/native/fakecuda} (a {@code libcuda.so.1} stand-in that runs the
 * project's kernels on the host, see {@code driver_core.cpp}) and loads it before jcuda, so the jcuda binding links
 * against it and {@link CudaAvailability} finds its one emulated device.
 *
 * <p>Only the surefire execution {@code emulated-cuda} asks for it (system property {@value #PROPERTY}); the normal run
 * keeps the real driver probe. On a machine with a real NVIDIA driver the emulator stays off and the tests run on the
 * GPU in the normal execution instead. Timings taken on fakecuda mean nothing.
 */
final class FakeCuda {
    /** System property that turns the emulator on for this JVM. */
    static final String PROPERTY = "agentcollab.test.fakecuda";

    private static final String BINDING = "/lib/libJCudaDriver-12.6.0-linux-x86_64.so";
    private static Optional<String> outcome;
    private static RuntimeException failure;

    private FakeCuda() {}

    /** True when this JVM runs the GPU tests on the emulator. */
    static boolean requested() {
        return Boolean.getBoolean(PROPERTY);
    }

    /**
     * Builds and loads the emulator once per JVM when {@link #requested()}.
     *
     * @return empty when the emulator is loaded (or not requested); otherwise why it cannot be used here
     */
    static synchronized Optional<String> install() {
        if (!requested()) {
            return Optional.empty();
        }
        if (failure != null) {
            throw failure;
        }
        if (outcome == null) {
            try {
                outcome = tryInstall();
            } catch (RuntimeException e) {
                failure = e; // do not rebuild for every test
                throw e;
            }
        }
        return outcome;
    }

    private static Optional<String> tryInstall() {
        if (!System.getProperty("os.name").toLowerCase(Locale.ROOT).contains("linux")
                || !System.getProperty("os.arch").equals("amd64")) {
            return Optional.of("fakecuda needs x86-64 Linux");
        }
        Optional<Path> driver = realDriver();
        if (driver.isPresent()) {
            return Optional.of("a real NVIDIA driver is installed (" + driver.get() + "): the normal test run uses it");
        }
        Path source = Path.of(System.getProperty("fakecuda.source", "src/test/native/fakecuda"));
        Path out = Path.of(System.getProperty("fakecuda.dir", "target/fakecuda"));
        try {
            Files.createDirectories(out);
            // The emulated execution runs its test classes in more than one JVM: one builds while the others wait,
            // then find the build's stamp current and load the same library.
            try (FileChannel lockFile = FileChannel.open(
                            out.resolve("build.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                    FileLock ignored = lockFile.lock()) {
                return buildAndLoad(source, out);
            }
        } catch (IOException e) {
            throw new IllegalStateException("fakecuda build failed", e);
        }
    }

    private static Optional<String> buildAndLoad(Path source, Path out) throws IOException {
        try {
            Path binding = out.resolve("binding.so");
            try (InputStream in = FakeCuda.class.getResourceAsStream(BINDING)) {
                if (in == null) {
                    return Optional.of("the jcuda natives jar (" + BINDING + ") is not on the class path");
                }
                Files.copy(in, binding, StandardCopyOption.REPLACE_EXISTING);
            }
            Process build = new ProcessBuilder(
                            "bash", source.resolve("build.sh").toString(), out.toString(), binding.toString())
                    .redirectErrorStream(true)
                    .start();
            String log = new String(build.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!build.waitFor(5, TimeUnit.MINUTES) || build.exitValue() != 0) {
                if (log.contains("g++: command not found") || log.contains("g++: not found")) {
                    return Optional.of("g++ is not installed: cannot build fakecuda");
                }
                throw new IllegalStateException("fakecuda build failed:\n" + log);
            }
            System.load(out.resolve("libcuda.so.1").toAbsolutePath().toString());
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while building fakecuda", e);
        }
    }

    /** Where the dynamic linker would find a real libcuda.so.1, if anywhere. */
    static Optional<Path> realDriver() {
        List<Path> dirs = new ArrayList<>();
        String ld = System.getenv("LD_LIBRARY_PATH");
        if (ld != null) {
            for (String d : ld.split(":")) {
                if (!d.isBlank()) {
                    dirs.add(Path.of(d));
                }
            }
        }
        for (String d :
                List.of("/usr/lib/x86_64-linux-gnu", "/usr/lib64", "/usr/lib", "/usr/local/nvidia/lib64", "/lib64")) {
            dirs.add(Path.of(d));
        }
        return dirs.stream()
                .map(d -> d.resolve("libcuda.so.1"))
                .filter(Files::exists)
                .findFirst();
    }
}
