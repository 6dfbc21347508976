package dev.agentcollab.core.service.internal;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.composer.Composer;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.MarkedYAMLException;
import org.yaml.snakeyaml.nodes.NodeId;
import org.yaml.snakeyaml.nodes.Tag;
import org.yaml.snakeyaml.parser.ParserImpl;
import org.yaml.snakeyaml.reader.StreamReader;
import org.yaml.snakeyaml.resolver.Resolver;

/**
 * YAML 1.1 as the reference reads frontmatter ({@code yaml.safe_load}; SnakeYAML is a port of PyYAML): booleans
 * {@code yes/no/on/off}, integers in every 1.1 form ({@code 0x1F}, {@code 0b101}, {@code 017}, {@code 1_000}),
 * floats with {@code .nan} and {@code .inf} (a {@code !!pairs} entry becomes a two-element list), {@code ~} for null, aliases and {@code <<} merge keys resolved.
 * Timestamps stay text (the reference renders its datetimes back to the same text in JSON), as do
 * {@code !!binary} values (their base64 text). A float needs a dot, and an exponent its sign ({@code 1.5e+7}), as in
 * PyYAML: {@code 1e5} is text.
 *
 * <p>What a file can make the reader build is bounded: at most {@link #MAX_NODES} values once aliases are
 * expanded (a "billion laughs" file is refused, not rendered), no alias that contains itself, nesting at most 50
 * deep. The result is plain {@link LinkedHashMap}s and {@link ArrayList}s that share nothing.
 *
 * <p>{@link #plainIsNotText} tells the writer which strings must be quoted so that they read back as the same
 * strings. Thread safe.
 */
final class Yaml11 {
    /** The most values (scalars and collections) one frontmatter may expand to. */
    static final int MAX_NODES = 100_000;

    /** Read-only once built: shared by every parse. */
    private static final Resolver RESOLVER = new PyYamlResolver();

    private static final LoaderOptions OPTIONS = Constructor.options();

    private Yaml11() {}

    /**
     * Parses YAML text.
     *
     * @param yaml the text
     * @return what it holds: a map, a list, a scalar, or {@code null}
     * @throws CollabException {@code INVALID_FRONTMATTER} for YAML that cannot be read or that expands too far
     */
    static Object read(String yaml) {
        Object parsed;
        try {
            // the parts of Yaml.load without its representer and dumper, which a load never uses
            Constructor constructor = new Constructor();
            constructor.setComposer(new Composer(new ParserImpl(new StreamReader(yaml), OPTIONS), RESOLVER, OPTIONS));
            parsed = constructor.getSingleData(Object.class);
        } catch (MarkedYAMLException e) {
            String where = e.getProblemMark() == null
                    ? ""
                    : " (line " + (e.getProblemMark().getLine() + 1) + ", column "
                            + (e.getProblemMark().getColumn() + 1) + ")";
            throw invalid(firstLine(e.getProblem() != null ? e.getProblem() : e.getMessage()) + where);
        } catch (RuntimeException e) {
            // YAMLException, and what SafeConstructor lets through: NumberFormatException for !!int foo or a
            // sexagesimal integer beyond a long, ClassCastException for a tag on the wrong kind of node
            throw invalid(firstLine(e.getMessage()));
        } catch (StackOverflowError e) {
            throw invalid("nested too deeply");
        }
        return copy(parsed, new int[] {0}, java.util.Collections.newSetFromMap(new IdentityHashMap<>()));
    }

    /**
     * Whether a string written without quotes would read back as something else than that string: a number, a
     * boolean, null or a merge key here, or the YAML 1.1 value key {@code =} that PyYAML's safe loader refuses.
     * Timestamps are text to this reader and are not counted.
     *
     * @param value a string value or key
     * @return {@code true} when it must be quoted
     */
    static boolean plainIsNotText(String value) {
        if (value.equals("=")) {
            return true;
        }
        Tag tag = RESOLVER.resolve(NodeId.scalar, value, true);
        return !tag.equals(Tag.STR) && !tag.equals(Tag.TIMESTAMP);
    }

    /** A deep copy of what SnakeYAML built, aliases expanded, within {@link #MAX_NODES}; cycles refused. */
    private static Object copy(Object value, int[] nodes, Set<Object> path) {
        if (++nodes[0] > MAX_NODES) {
            throw invalid("the frontmatter expands to more than " + MAX_NODES + " values");
        }
        if (value instanceof Map<?, ?> map) {
            enter(value, path);
            Map<Object, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> out.put(copy(k, nodes, path), copy(v, nodes, path)));
            path.remove(value);
            return out;
        }
        if (value instanceof Collection<?> list) {
            return copyAll(value, list, nodes, path);
        }
        if (value instanceof Object[] pair) { // a !!pairs entry: [key, value]
            return copyAll(value, Arrays.asList(pair), nodes, path);
        }
        return value;
    }

    /** The copy of a sequence as a list; {@code sequence} is what the cycle check knows it by. */
    private static List<Object> copyAll(Object sequence, Collection<?> items, int[] nodes, Set<Object> path) {
        enter(sequence, path);
        List<Object> out = new ArrayList<>(items.size());
        items.forEach(v -> out.add(copy(v, nodes, path)));
        path.remove(sequence);
        return out;
    }

    private static void enter(Object collection, Set<Object> path) {
        if (!path.add(collection)) {
            throw invalid("an alias refers to a collection that contains it");
        }
    }

    private static String firstLine(String message) {
        return message == null
                ? "unreadable YAML"
                : message.lines().findFirst().orElse("").strip();
    }

    private static CollabException invalid(String why) {
        return CollabException.of(ErrorCode.INVALID_FRONTMATTER, "could not parse YAML frontmatter: " + why);
    }

    /**
     * PyYAML's implicit types: SnakeYAML's, except that a float needs a dot and its exponent a sign, as in PyYAML's
     * {@code resolver.py}: {@code 1e5} or a short commit hash such as {@code 5e12345} stays text (SnakeYAML reads
     * them as numbers, the latter as infinity).
     */
    private static final class PyYamlResolver extends Resolver {
        static final Pattern FLOAT_11 = Pattern.compile("^(?:[-+]?(?:[0-9][0-9_]*)\\.[0-9_]*(?:[eE][-+][0-9]+)?"
                + "|\\.[0-9][0-9_]*(?:[eE][-+][0-9]+)?"
                + "|[-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+\\.[0-9_]*"
                + "|[-+]?\\.(?:inf|Inf|INF)"
                + "|\\.(?:nan|NaN|NAN))$");

        @Override
        protected void addImplicitResolvers() {
            addImplicitResolver(Tag.BOOL, BOOL, "yYnNtTfFoO", 10);
            addImplicitResolver(Tag.INT, INT, "-+0123456789"); // before FLOAT, whose forms overlap it
            addImplicitResolver(Tag.FLOAT, FLOAT_11, "-+0123456789.");
            addImplicitResolver(Tag.MERGE, MERGE, "<", 10);
            addImplicitResolver(Tag.NULL, NULL, "~nN\0", 10);
            addImplicitResolver(Tag.NULL, EMPTY, null, 10);
            addImplicitResolver(Tag.TIMESTAMP, TIMESTAMP, "0123456789", 50);
            addImplicitResolver(Tag.YAML, YAML, "!&*", 10);
        }
    }

    /** PyYAML's safe constructor, with timestamps and binary values kept as their text. */
    private static final class Constructor extends SafeConstructor {
        Constructor() {
            super(OPTIONS);
            this.yamlConstructors.put(Tag.TIMESTAMP, new ConstructYamlStr());
            this.yamlConstructors.put(Tag.BINARY, new ConstructYamlStr());
        }

        private static LoaderOptions options() {
            LoaderOptions o = new LoaderOptions();
            o.setAllowRecursiveKeys(false);
            o.setNestingDepthLimit(50);
            o.setMaxAliasesForCollections(1000); // what they expand to is bounded by MAX_NODES
            o.setCodePointLimit(64 * 1024 * 1024); // the source size limit applies first
            return o;
        }
    }
}
