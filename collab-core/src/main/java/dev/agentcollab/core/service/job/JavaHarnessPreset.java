package dev.agentcollab.core.service.job;

import java.util.List;
import java.util.Objects;

/**
 * The jobs settings that run the Java harness from jars stored in the central bucket: the harness runtime is
 * bundled (see {@code HarnessBundle} in collab-inference) into {@code shared_resources/harness/lib}, the demo data
 * into {@code shared_resources/harness/data}, and the job runs
 * {@code java -Djava.awt.headless=true --add-modules jdk.incubator.vector -cp /harness/lib/*
 * dev.agentcollab.inference.harness.HarnessMain /harness/data --submission-dir /submission --state-dir /state}.
 * Nothing depends on the launching JVM's class path, so the same settings serve Hugging Face Jobs and the local
 * process runner (which rewrites {@code /harness/lib/*} to {@code <local harness folder>/lib/*}).
 */
public final class JavaHarnessPreset {
    /** The default container image: a Java 21 runtime. */
    public static final String DEFAULT_IMAGE = "eclipse-temurin:21-jre";

    /** The harness entry point class. */
    public static final String MAIN_CLASS = "dev.agentcollab.inference.harness.HarnessMain";

    /** The entrypoint: the data folder inside {@code /harness}. */
    public static final String ENTRYPOINT = "data";

    /** The class path inside the job: every jar of the bundle's folder. */
    public static final String CLASS_PATH = "/harness/lib/*";

    private JavaHarnessPreset() {}

    /**
     * The interpreter that runs the bundled harness with the {@code java} found on the image's {@code PATH}.
     *
     * @return {@code [java, -Djava.awt.headless=true, --add-modules, jdk.incubator.vector, -cp, /harness/lib/*,
     *     dev.agentcollab.inference.harness.HarnessMain]}
     */
    public static List<String> interpreter() {
        return interpreter("java");
    }

    /**
     * The interpreter that runs the bundled harness with a given {@code java} launcher (a local run may name
     * {@code <java.home>/bin/java}).
     *
     * @param javaLauncher the {@code java} program
     * @return the interpreter
     * @throws IllegalArgumentException when {@code javaLauncher} is blank
     */
    public static List<String> interpreter(String javaLauncher) {
        Objects.requireNonNull(javaLauncher, "javaLauncher");
        if (javaLauncher.isBlank()) {
            throw new IllegalArgumentException("javaLauncher must not be blank");
        }
        return List.of(
                javaLauncher,
                "-Djava.awt.headless=true",
                "--add-modules",
                "jdk.incubator.vector",
                "-cp",
                CLASS_PATH,
                MAIN_CLASS);
    }

    /**
     * Applies the preset with the default image to a configuration.
     *
     * @param base the configuration whose other settings are kept
     * @return {@code base} with the Java harness interpreter, entrypoint {@code data} and image
     *     {@value #DEFAULT_IMAGE}
     */
    public static JobsConfig apply(JobsConfig base) {
        return apply(base, DEFAULT_IMAGE);
    }

    /**
     * Applies the preset with a given image to a configuration.
     *
     * @param base the configuration whose other settings are kept
     * @param image the container image (must have {@code java} 21 or later on its {@code PATH})
     * @return {@code base} with the Java harness interpreter, entrypoint {@code data} and {@code image}
     * @throws IllegalArgumentException when {@code image} is blank
     */
    public static JobsConfig apply(JobsConfig base, String image) {
        Objects.requireNonNull(base, "base");
        Objects.requireNonNull(image, "image");
        if (image.isBlank()) {
            throw new IllegalArgumentException("image must not be blank");
        }
        return base.toBuilder()
                .interpreter(interpreter())
                .entrypoint(ENTRYPOINT)
                .image(image)
                .build();
    }
}
