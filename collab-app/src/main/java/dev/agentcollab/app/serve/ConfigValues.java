package dev.agentcollab.app.serve;

import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonStreamContext;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * The values of a {@code collab serve} configuration: the YAML file's keys, each overridden by its environment
 * variable ({@link ConfigKey#envName()}; the environment wins), checked against {@link ConfigSchema}. Unknown keys
 * and values of the wrong kind fail with {@link ErrorCode#INVALID_REQUEST} naming the key and what is allowed.
 * Immutable.
 */
public final class ConfigValues {
    private static final ObjectMapper YAML =
            new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final Map<String, List<String>> values;
    private final Map<String, String> origins;
    private final Path baseDir;

    private ConfigValues(Map<String, List<String>> values, Map<String, String> origins, Path baseDir) {
        this.values = Map.copyOf(values);
        this.origins = Map.copyOf(origins);
        this.baseDir = baseDir;
    }

    /**
     * Reads a configuration file and applies the environment.
     *
     * @param file the YAML file
     * @param env the environment, e.g. {@code System.getenv()}
     * @return the values; relative paths resolve against the file's folder
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for an unreadable file, an unknown key or a bad
     *     value
     */
    public static ConfigValues load(Path file, Map<String, String> env) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw CollabException.of(
                            ErrorCode.INVALID_REQUEST, "cannot read the configuration " + file + ": " + reason(e))
                    .withCause(e);
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        return parse(text, file.toString(), env, dir);
    }

    /** Why a file could not be read, in words: the JDK's exceptions name only the file, by their class. */
    private static String reason(IOException e) {
        if (e instanceof NoSuchFileException) {
            return "no such file";
        }
        if (e instanceof AccessDeniedException) {
            return "permission denied";
        }
        return e.getMessage() != null ? e.getMessage() : e.toString();
    }

    /**
     * Parses configuration text and applies the environment.
     *
     * @param yaml the YAML text (may be empty)
     * @param origin the file name, for messages
     * @param env the environment
     * @param baseDir the folder relative paths resolve against
     * @return the values
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for bad YAML, an unknown key or a bad value
     */
    public static ConfigValues parse(String yaml, String origin, Map<String, String> env, Path baseDir) {
        Map<String, List<String>> values = new LinkedHashMap<>();
        Map<String, String> origins = new LinkedHashMap<>();
        JsonNode root;
        try {
            root = yaml.isBlank() ? YAML.createObjectNode() : YAML.readTree(yaml);
        } catch (JsonParseException e) {
            Optional<String> duplicate = duplicateKey(e);
            if (duplicate.isPresent()) {
                throw invalid(
                        "key '" + duplicate.get() + "' appears twice in " + origin + at(e),
                        "give each key once: a later one would silently replace the earlier");
            }
            throw invalid(origin + " is not valid YAML: " + e.getOriginalMessage(), null);
        } catch (IOException e) {
            throw invalid(
                    origin + " is not valid YAML: "
                            + (e instanceof com.fasterxml.jackson.core.JsonProcessingException j
                                    ? j.getOriginalMessage()
                                    : e.getMessage()),
                    null);
        }
        if (root == null || root.isNull() || root.isMissingNode()) {
            root = YAML.createObjectNode();
        }
        if (!root.isObject()) {
            throw invalid(origin + " must hold a YAML mapping of keys", null);
        }
        flatten(root, "", values, origin);
        values.keySet().forEach(k -> origins.put(k, origin));
        for (ConfigKey key : ConfigSchema.keys().values()) {
            String v = env.get(key.envName());
            if (v != null) {
                values.put(key.name(), key.type() == ConfigKey.Type.LIST ? splitList(v) : List.of(v.strip()));
                origins.put(key.name(), key.envName());
            }
        }
        ConfigValues c = new ConfigValues(values, origins, Objects.requireNonNull(baseDir, "baseDir"));
        c.validate();
        return c;
    }

    /** The dotted name of the key a duplicate-key failure reports, if the failure is one. */
    private static Optional<String> duplicateKey(JsonParseException e) {
        String message = String.valueOf(e.getOriginalMessage());
        if (!message.startsWith("Duplicate field '")) {
            return Optional.empty();
        }
        String leaf = message.substring("Duplicate field '".length(), message.lastIndexOf('\''));
        StringBuilder path = new StringBuilder(leaf);
        if (e.getProcessor() instanceof JsonParser parser) {
            // the context holding the duplicate is the innermost object; its parents name the sections
            for (JsonStreamContext c = parser.getParsingContext() == null
                            ? null
                            : parser.getParsingContext().getParent();
                    c != null;
                    c = c.getParent()) {
                if (c.inObject() && c.getCurrentName() != null) {
                    path.insert(0, c.getCurrentName() + ".");
                }
            }
        }
        return Optional.of(path.toString());
    }

    private static String at(JsonParseException e) {
        return e.getLocation() == null ? "" : " (line " + e.getLocation().getLineNr() + ")";
    }

    private static void flatten(JsonNode node, String prefix, Map<String, List<String>> out, String origin) {
        Iterator<Map.Entry<String, JsonNode>> fields = node.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            String name = prefix + f.getKey();
            JsonNode v = f.getValue();
            ConfigKey known = ConfigSchema.keys().get(name);
            if (v.isObject() && known == null) {
                if (ConfigSchema.keys().keySet().stream().noneMatch(k -> k.startsWith(name + "."))) {
                    throw unknown(name, origin);
                }
                flatten(v, name + ".", out, origin);
            } else if (known == null) {
                throw unknown(name, origin);
            } else if (v.isArray()) {
                List<String> items = new ArrayList<>();
                for (JsonNode item : v) {
                    if (item.isObject() && known.type() == ConfigKey.Type.LIST) {
                        // a mapping item (e.g. a dashboard baseline) travels as its JSON text
                        items.add(item.toString());
                        continue;
                    }
                    if (!item.isValueNode()) {
                        throw invalid("key '" + name + "' in " + origin + " must be " + known.allowed(), null);
                    }
                    items.add(item.asText());
                }
                out.put(name, List.copyOf(items));
            } else if (v.isNull()) {
                out.remove(name);
            } else if (v.isValueNode()) {
                out.put(name, known.type() == ConfigKey.Type.LIST ? splitList(v.asText()) : List.of(v.asText()));
            } else {
                throw invalid("key '" + name + "' in " + origin + " must be " + known.allowed(), null);
            }
        }
    }

    private static CollabException unknown(String name, String origin) {
        String section = name.contains(".") ? name.substring(0, name.indexOf('.') + 1) : "";
        List<String> near = ConfigSchema.keys().keySet().stream()
                .filter(k -> !section.isEmpty() && k.startsWith(section))
                .toList();
        List<String> top = ConfigSchema.keys().keySet().stream()
                .map(k -> k.contains(".") ? k.substring(0, k.indexOf('.')) + ".*" : k)
                .distinct()
                .toList();
        List<String> candidates = new ArrayList<>(ConfigSchema.keys().keySet());
        top.forEach(k -> candidates.add(k.replace(".*", "")));
        String guess =
                closest(name, candidates).map(k -> "did you mean '" + k + "'? ").orElse("");
        return invalid(
                "unknown key '" + name + "' in " + origin,
                guess + "allowed keys: " + String.join(", ", near.isEmpty() ? top : near)
                        + " (docs/serve.md lists them all)");
    }

    /** The candidate within two edits of a mistyped key (and closer than half its length), if one is. */
    private static Optional<String> closest(String name, List<String> candidates) {
        String best = null;
        int bestDistance = Math.min(3, (name.length() + 1) / 2);
        for (String c : candidates) {
            int d = editDistance(name, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance: the fewest single-character insertions, deletions and substitutions from a to b. */
    static int editDistance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitute = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitute, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }

    private static List<String> splitList(String text) {
        if (text.isBlank()) {
            return List.of();
        }
        return Arrays.stream(text.split(","))
                .map(String::strip)
                .filter(s -> !s.isEmpty())
                .toList();
    }

    private void validate() {
        for (ConfigKey key : ConfigSchema.keys().values()) {
            switch (key.type()) {
                case INTEGER -> optionalText(key.name()).ifPresent(v -> integer(key.name()));
                case DECIMAL -> decimal(key.name());
                case BOOLEAN -> optionalText(key.name()).ifPresent(v -> bool(key.name()));
                case CHOICE -> optionalText(key.name()).ifPresent(v -> choice(key.name()));
                case DURATION -> optionalText(key.name()).ifPresent(v -> duration(key.name()));
                default -> optionalText(key.name());
            }
        }
    }

    private List<String> raw(String name) {
        ConfigKey key = ConfigSchema.key(name);
        List<String> v = values.get(name);
        if (v != null) {
            return v;
        }
        String def = key.defaultValue().orElse("");
        return key.type() == ConfigKey.Type.LIST ? splitList(def) : def.isEmpty() ? List.of() : List.of(def);
    }

    /**
     * A key's value, when set (empty texts count as unset).
     *
     * @param name the dotted key
     * @return the value
     */
    public Optional<String> optionalText(String name) {
        List<String> v = raw(name);
        if (ConfigSchema.key(name).type() == ConfigKey.Type.LIST) {
            return v.isEmpty() ? Optional.empty() : Optional.of(String.join(",", v));
        }
        if (v.size() > 1) {
            throw bad(name, String.join(",", v));
        }
        return v.stream().map(String::strip).filter(s -> !s.isEmpty()).findFirst();
    }

    /**
     * A required key's value.
     *
     * @param name the dotted key
     * @return the value
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} when it is missing
     */
    public String text(String name) {
        ConfigKey key = ConfigSchema.key(name);
        return optionalText(name)
                .orElseThrow(() -> invalid(
                        "key '" + name + "' is required (set it in the file or as " + key.envName() + ")",
                        "allowed: " + key.allowed() + "; " + key.doc()));
    }

    /**
     * A whole-number key.
     *
     * @param name the dotted key
     * @return the value
     */
    public int integer(String name) {
        String v = text(name);
        try {
            return Integer.parseInt(v);
        } catch (NumberFormatException e) {
            throw bad(name, v);
        }
    }

    /**
     * A decimal key, when set.
     *
     * @param name the dotted key
     * @return the value
     */
    public Optional<Double> decimal(String name) {
        return optionalText(name).map(v -> {
            try {
                double d = Double.parseDouble(v);
                if (!Double.isFinite(d)) {
                    throw bad(name, v);
                }
                return d;
            } catch (NumberFormatException e) {
                throw bad(name, v);
            }
        });
    }

    /**
     * A boolean key.
     *
     * @param name the dotted key
     * @return the value
     */
    public boolean bool(String name) {
        String v = text(name).toLowerCase(Locale.ROOT);
        return switch (v) {
            case "true" -> true;
            case "false" -> false;
            default -> throw bad(name, v);
        };
    }

    /**
     * A choice key.
     *
     * @param name the dotted key
     * @return one of the key's choices
     */
    public String choice(String name) {
        String v = text(name).toLowerCase(Locale.ROOT);
        if (!ConfigSchema.key(name).choices().contains(v)) {
            throw bad(name, v);
        }
        return v;
    }

    /**
     * A list key.
     *
     * @param name the dotted key
     * @return the items
     */
    public List<String> list(String name) {
        return raw(name);
    }

    /**
     * A duration key.
     *
     * @param name the dotted key
     * @return the duration
     */
    public Duration duration(String name) {
        String v = text(name).toLowerCase(Locale.ROOT);
        if (!v.matches("\\d+[smhd]")) {
            throw bad(name, v);
        }
        long n = Long.parseLong(v.substring(0, v.length() - 1));
        return switch (v.charAt(v.length() - 1)) {
            case 's' -> Duration.ofSeconds(n);
            case 'm' -> Duration.ofMinutes(n);
            case 'h' -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }

    /**
     * A path key resolved against the configuration file's folder, when set.
     *
     * @param name the dotted key
     * @return the absolute path
     */
    public Optional<Path> path(String name) {
        return optionalText(name).map(this::resolve);
    }

    /**
     * Resolves a path against the configuration file's folder.
     *
     * @param path an absolute or relative path
     * @return the absolute, normalised path
     */
    public Path resolve(String path) {
        return baseDir.resolve(path).toAbsolutePath().normalize();
    }

    /**
     * Where a key's value came from.
     *
     * @param name the dotted key
     * @return the file name, the environment variable, or {@code default}
     */
    public String origin(String name) {
        return origins.getOrDefault(name, "default");
    }

    /**
     * An error about a key's value.
     *
     * @param name the dotted key
     * @param value the offending value
     * @return the exception, naming the key, where it came from and what is allowed
     */
    public CollabException bad(String name, String value) {
        return bad(name, value, ConfigSchema.key(name).allowed());
    }

    /**
     * An error about a key's value that its type allows but a narrower rule does not (a name's characters, a URL).
     *
     * @param name the dotted key
     * @param value the offending value
     * @param allowed what the value must be, e.g. {@code "an absolute URL"}
     * @return the exception, naming the key, where it came from and what is allowed
     */
    public CollabException bad(String name, String value, String allowed) {
        return invalid(
                "key '" + name + "' (from " + origin(name) + ") must be " + allowed + ", but was '" + value + "'",
                ConfigSchema.key(name).doc());
    }

    private static CollabException invalid(String message, String hint) {
        return hint == null
                ? CollabException.of(ErrorCode.INVALID_REQUEST, message)
                : CollabException.of(ErrorCode.INVALID_REQUEST, message, hint);
    }
}
