package dev.agentcollab.inference.harness;

import dev.agentcollab.api.bucket.BucketId;
import dev.agentcollab.api.bucket.BucketStore;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.bucket.BucketFolders;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;

/**
 * Packs the harness runtime into a self-contained {@code lib/} folder that a job can run with
 * {@code java -cp /harness/lib/* dev.agentcollab.inference.harness.HarnessMain}, independent of the class path of
 * the JVM that launches the job. Jar files are copied; class folders (e.g. {@code target/classes}) are packed into
 * a jar. Each file gets a numbered name ({@code 000-collab-core.jar}) so two entries of the same name never clash.
 * A {@code bundle.json} next to the jars names the main class, the Java release it was built on and every jar with
 * its size and SHA-256.
 *
 * <p>See {@code docs/harness.md}, "Running the harness as a Hugging Face Job".
 */
public final class HarnessBundle {
    /** The file written next to the jars. */
    public static final String MANIFEST_FILE = "bundle.json";

    private HarnessBundle() {}

    /**
     * One jar of a bundle.
     *
     * @param name the file name inside {@code lib/}
     * @param source the class-path entry it came from
     * @param size the size in bytes
     * @param sha256 the lower-case hex SHA-256 of the file
     */
    public record BundledJar(String name, Path source, long size, String sha256) {
        /** Validates the entry. */
        public BundledJar {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(source, "source");
            Objects.requireNonNull(sha256, "sha256");
            if (name.isBlank() || name.contains("/") || name.contains("\\")) {
                throw new IllegalArgumentException("jar name must be a plain file name, but was '" + name + "'");
            }
            if (size < 0) {
                throw new IllegalArgumentException("size must be >= 0, but was " + size);
            }
        }
    }

    /**
     * The result of {@link #write}.
     *
     * @param libDir the folder holding the jars and {@code bundle.json}
     * @param mainClass the harness main class
     * @param javaRelease the feature release of the JVM that wrote the bundle
     * @param jars the jars, in class-path order
     */
    public record Bundle(Path libDir, String mainClass, int javaRelease, List<BundledJar> jars) {
        /** Validates the bundle. */
        public Bundle {
            Objects.requireNonNull(libDir, "libDir");
            Objects.requireNonNull(mainClass, "mainClass");
            jars = List.copyOf(jars);
        }
    }

    /**
     * Splits the running JVM's {@code java.class.path} into entries.
     *
     * @return the class-path entries, without blanks
     */
    public static List<Path> currentClassPath() {
        return parseClassPath(System.getProperty("java.class.path", ""));
    }

    /**
     * Splits a class path string on the platform's path separator.
     *
     * @param classPath the class path
     * @return the entries, without blanks
     */
    public static List<Path> parseClassPath(String classPath) {
        List<Path> out = new ArrayList<>();
        for (String part : classPath.split(File.pathSeparator)) {
            if (!part.isBlank()) {
                out.add(Path.of(part));
            }
        }
        return out;
    }

    /**
     * Writes the bundle for the running JVM's class path into {@code libDir}.
     *
     * @param libDir the target folder (created when missing; must not already hold jars)
     * @return the bundle
     * @throws CollabException see {@link #write(List, Path)}
     */
    public static Bundle writeCurrent(Path libDir) {
        return write(currentClassPath(), libDir);
    }

    /**
     * Copies every jar and packs every class folder of {@code classPath} into {@code libDir}, then writes
     * {@code bundle.json}.
     *
     * @param classPath jar files and class folders, in class-path order
     * @param libDir the target folder (created when missing; must not already hold jars)
     * @return the bundle
     * @throws CollabException {@code INVALID_REQUEST} for an empty class path, a non-jar file or a target folder
     *     that already holds jars; {@code NOT_FOUND} for a missing entry; {@code INTERNAL} when a file cannot be
     *     read or written
     */
    public static Bundle write(List<Path> classPath, Path libDir) {
        Objects.requireNonNull(classPath, "classPath");
        Objects.requireNonNull(libDir, "libDir");
        if (classPath.isEmpty()) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "harness bundle: the class path is empty");
        }
        for (Path entry : classPath) {
            if (!Files.exists(entry)) {
                throw CollabException.of(ErrorCode.NOT_FOUND, "harness bundle: class-path entry not found: " + entry);
            }
            if (Files.isRegularFile(entry) && !entry.getFileName().toString().endsWith(".jar")) {
                throw CollabException.of(
                        ErrorCode.INVALID_REQUEST, "harness bundle: not a jar file or class folder: " + entry);
            }
        }
        try {
            Files.createDirectories(libDir);
            try (Stream<Path> existing = Files.list(libDir)) {
                if (existing.anyMatch(p -> p.getFileName().toString().endsWith(".jar"))) {
                    throw CollabException.of(
                            ErrorCode.INVALID_REQUEST, "harness bundle: " + libDir + " already holds jars");
                }
            }
            List<BundledJar> jars = new ArrayList<>();
            int index = 0;
            for (Path entry : classPath) {
                String name = String.format("%03d-%s.jar", index++, baseName(entry));
                Path target = libDir.resolve(name);
                if (Files.isDirectory(entry)) {
                    packFolder(entry, target);
                } else {
                    Files.copy(entry, target);
                }
                jars.add(new BundledJar(name, entry, Files.size(target), sha256(target)));
            }
            Bundle bundle = new Bundle(
                    libDir, HarnessMain.class.getName(), Runtime.version().feature(), jars);
            Files.writeString(libDir.resolve(MANIFEST_FILE), toJson(bundle), StandardCharsets.UTF_8);
            return bundle;
        } catch (IOException | UncheckedIOException e) {
            throw new CollabException(
                    ErrorCode.INTERNAL,
                    "harness bundle: cannot write " + libDir + ": " + e.getMessage(),
                    null,
                    null,
                    e);
        }
    }

    /**
     * Uploads a bundle folder (jars and {@code bundle.json}) under {@code prefix} in a bucket, typically
     * {@code shared_resources/harness/lib} in the central bucket.
     *
     * @param store the store
     * @param bucket the bucket (must exist)
     * @param prefix the folder in the bucket
     * @param libDir the folder written by {@link #write}
     * @return the number of files uploaded
     * @throws CollabException {@code INTERNAL} when the folder cannot be read; the store's errors otherwise
     */
    public static int upload(BucketStore store, BucketId bucket, String prefix, Path libDir) {
        try {
            return BucketFolders.upload(store, bucket, prefix, libDir);
        } catch (IOException e) {
            throw new CollabException(
                    ErrorCode.INTERNAL, "harness bundle: cannot read " + libDir + ": " + e.getMessage(), null, null, e);
        }
    }

    private static String baseName(Path entry) {
        Path file = entry.toAbsolutePath().normalize();
        String name = file.getFileName() == null ? "root" : file.getFileName().toString();
        if (Files.isDirectory(entry)) {
            // target/classes -> <module>-classes
            Path parent = file.getParent();
            Path module = parent == null ? null : parent.getParent();
            if (parent != null
                    && parent.getFileName() != null
                    && "target".equals(parent.getFileName().toString())
                    && module != null
                    && module.getFileName() != null) {
                name = module.getFileName() + "-" + name;
            }
        } else if (name.endsWith(".jar")) {
            name = name.substring(0, name.length() - 4);
        }
        return name.replaceAll("[^A-Za-z0-9._-]", "_");
    }

    private static void packFolder(Path folder, Path jar) throws IOException {
        Manifest manifest = new Manifest();
        manifest.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
        List<Path> files;
        try (Stream<Path> walk = Files.walk(folder)) {
            files = walk.filter(Files::isRegularFile).sorted().toList();
        }
        try (OutputStream out = Files.newOutputStream(jar);
                JarOutputStream jos = new JarOutputStream(out, manifest)) {
            for (Path file : files) {
                String rel = folder.relativize(file).toString().replace('\\', '/');
                if (rel.equalsIgnoreCase("META-INF/MANIFEST.MF")) {
                    continue;
                }
                JarEntry entry = new JarEntry(rel);
                entry.setTime(Files.getLastModifiedTime(file).toMillis());
                jos.putNextEntry(entry);
                try (InputStream in = Files.newInputStream(file)) {
                    in.transferTo(jos);
                }
                jos.closeEntry();
            }
        }
    }

    private static String sha256(Path file) throws IOException {
        try {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            try (InputStream in = Files.newInputStream(file)) {
                byte[] buf = new byte[65536];
                int n;
                while ((n = in.read(buf)) > 0) {
                    md.update(buf, 0, n);
                }
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is not available", e);
        }
    }

    private static String toJson(Bundle bundle) {
        StringBuilder sb = new StringBuilder();
        sb.append("{\n  \"main_class\": ").append(quote(bundle.mainClass()));
        sb.append(",\n  \"java_release\": ").append(bundle.javaRelease());
        sb.append(",\n  \"jars\": [");
        for (int i = 0; i < bundle.jars().size(); i++) {
            BundledJar jar = bundle.jars().get(i);
            sb.append(i == 0 ? "\n" : ",\n");
            sb.append("    {\"name\": ").append(quote(jar.name()));
            sb.append(", \"size\": ").append(jar.size());
            sb.append(", \"sha256\": ").append(quote(jar.sha256())).append('}');
        }
        sb.append(bundle.jars().isEmpty() ? "]\n}\n" : "\n  ]\n}\n");
        return sb.toString();
    }

    private static String quote(String s) {
        StringBuilder sb = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.append('"').toString();
    }
}
