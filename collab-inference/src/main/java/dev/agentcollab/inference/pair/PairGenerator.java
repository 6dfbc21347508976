package dev.agentcollab.inference.pair;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.core.json.Json;
import dev.agentcollab.inference.bench.SpecDecodeBench;
import dev.agentcollab.inference.model.DrafterConfig;
import dev.agentcollab.inference.model.ModelConfig;
import dev.agentcollab.inference.model.ModelWriter;
import dev.agentcollab.inference.safetensors.DType;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Command that writes an accepting pair ({@link AcceptingPairs}) as {@code OUT/target} and {@code OUT/drafter}
 * (config.json + model.safetensors each, the HF layout {@code ModelLoader} reads), measures its acceptance with real
 * drafter forwards and writes {@code OUT/pair.json} (profile, expected and measured acceptance per position).
 *
 * <p>Usage: {@code PairGenerator --out DIR [--profile gemma4-mtp|low-0.3|high-0.9] [--shape demo|bench]
 * [--seed N] [--k 7]}.
 */
public final class PairGenerator {
    private PairGenerator() {}

    /**
     * Parsed arguments.
     *
     * @param out the output directory
     * @param profile the acceptance profile
     * @param shape {@code demo} or {@code bench}
     * @param seed the seed
     * @param k draft positions measured
     */
    public record Args(Path out, AcceptanceProfile profile, String shape, long seed, int k) {
        /** Validates. */
        public Args {
            if (out == null) {
                throw CollabException.of(ErrorCode.INVALID_REQUEST, "--out DIR is required");
            }
            if (!shape.equals("demo") && !shape.equals("bench")) {
                throw CollabException.of(ErrorCode.INVALID_REQUEST, "--shape must be demo or bench, not " + shape);
            }
            if (k < 1 || k > 16) {
                throw CollabException.of(ErrorCode.INVALID_REQUEST, "--k must be in [1, 16], not " + k);
            }
        }

        /**
         * Parses {@code --out --profile --shape --seed --k}.
         *
         * @param args the arguments
         * @return the parsed arguments
         * @throws CollabException {@link ErrorCode#INVALID_REQUEST} on an unknown option or a bad value
         */
        public static Args parse(String[] args) {
            Path out = null;
            AcceptanceProfile profile = AcceptanceProfile.gemma4Mtp();
            String shape = "demo";
            long seed = 1;
            int k = 7;
            for (int i = 0; i < args.length; i++) {
                String v = i + 1 < args.length ? args[i + 1] : null;
                if (v == null) {
                    throw CollabException.of(ErrorCode.INVALID_REQUEST, args[i] + " needs a value");
                }
                try {
                    switch (args[i]) {
                        case "--out" -> out = Path.of(v);
                        case "--profile" -> profile = AcceptanceProfile.named(v);
                        case "--shape" -> shape = v;
                        case "--seed" -> seed = Long.parseLong(v);
                        case "--k" -> k = Integer.parseInt(v);
                        default -> throw CollabException.of(ErrorCode.INVALID_REQUEST, "unknown option " + args[i]);
                    }
                } catch (NumberFormatException e) {
                    throw CollabException.of(ErrorCode.INVALID_REQUEST, args[i] + " needs a number, not " + v);
                }
                i++;
            }
            return new Args(out, profile, shape, seed, k);
        }
    }

    /**
     * Runs the command.
     *
     * @param args as in the class comment
     */
    public static void main(String[] args) {
        try {
            run(Args.parse(args), System.out);
        } catch (CollabException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Builds, writes and measures a pair.
     *
     * @param a the arguments
     * @param out where the summary line goes
     * @return the measurement
     */
    public static AcceptanceMeter.Measurement run(Args a, PrintStream out) {
        ModelConfig target = a.shape().equals("demo") ? TinyPair.target() : SpecDecodeBench.defaultTarget();
        DrafterConfig drafter = a.shape().equals("demo") ? TinyPair.drafter() : SpecDecodeBench.defaultDrafter();
        AcceptingPair pair = AcceptingPairs.build(target, drafter, a.profile(), a.seed());
        write(a.out(), pair);
        AcceptanceMeter.Measurement m =
                AcceptanceMeter.measure(pair.target(), pair.drafter(), a.k(), 24, 96, a.seed() + 1);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("profile", a.profile().name());
        json.put("shape", a.shape());
        json.put("seed", a.seed());
        json.put("class_scales", pair.classScales());
        json.put("expected_per_position", a.profile().expected(a.k()));
        json.put("measured_per_position", m.perPosition());
        json.put("measured_drafts", m.drafts());
        json.put("greedy_identity", m.identical());
        try {
            Json.mapper()
                    .writerWithDefaultPrettyPrinter()
                    .writeValue(a.out().resolve("pair.json").toFile(), json);
        } catch (IOException e) {
            throw CollabException.of(
                            ErrorCode.INTERNAL, "cannot write " + a.out().resolve("pair.json"))
                    .withCause(e);
        }
        out.printf(
                "%s pair (%s shape) in %s: expected %s, measured %s (k=%d, %d rounds), greedy identity %s%n",
                a.profile().name(),
                a.shape(),
                a.out(),
                format(a.profile().expected(a.k())),
                m.formatted(),
                a.k(),
                m.drafts(),
                m.identical() ? "holds" : "BROKEN");
        return m;
    }

    /**
     * Writes a pair as {@code dir/target} and {@code dir/drafter} in f32.
     *
     * @param dir the directory
     * @param pair the pair
     */
    public static void write(Path dir, AcceptingPair pair) {
        ModelWriter.writeTarget(dir.resolve("target"), pair.target(), DType.F32);
        ModelWriter.writeDrafter(dir.resolve("drafter"), pair.drafter(), DType.F32);
    }

    static String format(List<Double> v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.size(); i++) {
            b.append(i == 0 ? "" : " / ").append(String.format(java.util.Locale.ROOT, "%.2f", v.get(i)));
        }
        return b.toString();
    }
}
