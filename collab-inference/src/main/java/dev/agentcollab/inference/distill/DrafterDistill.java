package dev.agentcollab.inference.distill;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.cpu.CpuBackend;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.model.DrafterConfig;
import dev.agentcollab.inference.model.ModelLoader;
import dev.agentcollab.inference.model.ModelWriter;
import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.pair.AcceptanceMeter;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.Tensor;
import dev.agentcollab.inference.sampling.Sampler;
import dev.agentcollab.inference.spi.BackendOptions;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Distils an MTP drafter towards a given target: runs the target greedily on training prompts, collects at every
 * step the drafter's own first-step features (its final normalised hidden state, {@link CpuBackend#drafterFeatures}),
 * the target's next greedy token and the target's hidden state, and refits in closed form by ridge least squares:
 *
 * <ul>
 *   <li>the head rows of every token seen as a label: the whitened class mean {@code (F'F + lambda I)^-1 mean_c(f)}
 *       (least squares onto one-hot labels, divided by the class count so that frequent tokens do not win by
 *       count), rescaled to the median norm of the old rows; unseen tokens keep their rows;
 *   <li>the centroids likewise, with the label's cluster ({@code token_ordering} is kept);
 *   <li>{@code post_projection} as the ridge regression of the target's hidden state after the labelled token on
 *       the features (what the next draft step is fed in place of that hidden state).
 * </ul>
 *
 * Closed form because each of these parts is linear in its input once the features are fixed: one pass over the
 * data and a {@code hidden x hidden} solve, deterministic, no learning rate; SGD in Java would need backprop and
 * tuning for no gain on these parts. {@code pre_projection} and the attention/MLP layers are not fitted: the
 * features depend on them non-linearly (norms, attention), which needs backprop through the drafter. Acceptance per
 * position is measured before and after on held-out prompts (the last quarter of the file).
 *
 * <p>Usage: {@code DrafterDistill --target DIR --drafter DIR --prompts FILE --out DIR [--tokens 48] [--lambda 1e-3]
 * [--k 7]}; the prompts file has one prompt per line as token ids separated by spaces or commas ({@code #} starts a
 * comment line).
 */
public final class DrafterDistill {
    private DrafterDistill() {}

    /**
     * Parsed arguments (no command-line library, so that a command tree can wrap it).
     *
     * @param target the target directory
     * @param drafter the drafter directory
     * @param prompts the prompts file
     * @param out the output directory for the fitted drafter
     * @param tokens greedy tokens generated per prompt
     * @param lambda the ridge strength (relative to the mean feature energy)
     * @param k draft positions measured
     */
    public record Args(Path target, Path drafter, Path prompts, Path out, int tokens, double lambda, int k) {
        /** Validates. */
        public Args {
            if (target == null || drafter == null || prompts == null || out == null) {
                throw CollabException.of(
                        ErrorCode.INVALID_REQUEST, "--target, --drafter, --prompts and --out are required");
            }
            if (tokens < 2 || !(lambda > 0) || k < 1 || k > 16) {
                throw CollabException.of(
                        ErrorCode.INVALID_REQUEST, "need --tokens >= 2, --lambda > 0 and --k in [1, 16]");
            }
        }

        /**
         * Parses the options of the class comment.
         *
         * @param args the arguments
         * @return the parsed arguments
         * @throws CollabException {@link ErrorCode#INVALID_REQUEST} on an unknown option or a bad value
         */
        public static Args parse(String[] args) {
            Map<String, String> v = new HashMap<>();
            for (int i = 0; i < args.length; i += 2) {
                if (!List.of("--target", "--drafter", "--prompts", "--out", "--tokens", "--lambda", "--k")
                        .contains(args[i])) {
                    throw CollabException.of(ErrorCode.INVALID_REQUEST, "unknown option " + args[i]);
                }
                if (i + 1 >= args.length) {
                    throw CollabException.of(ErrorCode.INVALID_REQUEST, args[i] + " needs a value");
                }
                v.put(args[i], args[i + 1]);
            }
            try {
                return new Args(
                        path(v.get("--target")),
                        path(v.get("--drafter")),
                        path(v.get("--prompts")),
                        path(v.get("--out")),
                        Integer.parseInt(v.getOrDefault("--tokens", "48")),
                        Double.parseDouble(v.getOrDefault("--lambda", "1e-3")),
                        Integer.parseInt(v.getOrDefault("--k", "7")));
            } catch (NumberFormatException e) {
                throw CollabException.of(ErrorCode.INVALID_REQUEST, "bad number: " + e.getMessage());
            }
        }

        private static Path path(String s) {
            return s == null ? null : Path.of(s);
        }
    }

    /**
     * What a distillation did.
     *
     * @param examples training examples collected
     * @param before held-out acceptance per position with the given drafter
     * @param after held-out acceptance per position with the fitted drafter
     * @param identical whether greedy identity held in every measurement
     * @param drafter the fitted drafter
     */
    public record Report(
            int examples, List<Double> before, List<Double> after, boolean identical, DrafterCheckpoint drafter) {
        /** Copies the lists. */
        public Report {
            before = List.copyOf(before);
            after = List.copyOf(after);
        }
    }

    /**
     * Runs the command.
     *
     * @param args as in the class comment
     */
    public static void main(String[] args) {
        try {
            Args a = Args.parse(args);
            run(a, System.out);
        } catch (CollabException e) {
            System.err.println("error: " + e.getMessage());
            System.exit(2);
        }
    }

    /**
     * Refuses an output folder that overlaps the target or drafter folder (compared by real path): those are read
     * memory-mapped while the fitted drafter is written, so the output must be a folder of its own.
     *
     * @param a the arguments
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} naming the overlapping options
     */
    public static void requireSeparateOutput(Args a) {
        Map<String, Path> inputs = new java.util.LinkedHashMap<>();
        inputs.put("--target", a.target());
        inputs.put("--drafter", a.drafter());
        OutputFolder.requireApart("--out", a.out(), inputs);
    }

    /**
     * Loads, distils, writes {@code out} (config.json + model.safetensors, f32) and prints the before/after lines.
     *
     * @param a the arguments
     * @param out where the report goes
     * @return the report
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} when {@code --out} overlaps an input folder, before
     *     anything is read
     */
    public static Report run(Args a, PrintStream out) {
        requireSeparateOutput(a);
        Checkpoint target = ModelLoader.loadTarget(a.target());
        DrafterCheckpoint drafter = ModelLoader.loadDrafter(a.drafter());
        List<int[]> prompts = readPrompts(a.prompts(), target.config().vocabSize());
        Report r = distill(target, drafter, prompts, a.tokens(), a.lambda(), a.k());
        ModelWriter.writeDrafter(a.out(), r.drafter(), DType.F32);
        out.println("examples: " + r.examples());
        out.println("held-out acceptance before: " + format(r.before()));
        out.println("held-out acceptance after:  " + format(r.after()));
        out.println("greedy identity: " + (r.identical() ? "holds" : "BROKEN"));
        return r;
    }

    /**
     * Distils: the last quarter of the prompts (at least one) is held out, the rest trains.
     *
     * @param target the target
     * @param drafter the drafter to refit
     * @param prompts at least two prompts
     * @param tokens greedy tokens per prompt (training and measurement)
     * @param lambda ridge strength relative to the mean feature energy
     * @param k draft positions measured
     * @return the report
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} for fewer than two prompts, or a prompt too long for
     *     the target's positions with {@code tokens} and {@code k}
     */
    public static Report distill(
            Checkpoint target, DrafterCheckpoint drafter, List<int[]> prompts, int tokens, double lambda, int k) {
        if (prompts.size() < 2) {
            throw CollabException.of(ErrorCode.INVALID_REQUEST, "need at least 2 prompts (one is held out)");
        }
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElseThrow();
        int positions = target.config().maxPositionEmbeddings();
        if (longest + tokens + k + 2 > positions) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "a prompt of " + longest + " tokens is too long: with --tokens " + tokens + " and --k " + k
                            + " it needs " + (longest + tokens + k + 2) + " positions, but the target holds "
                            + positions + " (max_position_embeddings); shorten the prompts or lower --tokens");
        }
        int held = Math.max(1, prompts.size() / 4);
        List<int[]> train = prompts.subList(0, prompts.size() - held);
        List<int[]> test = prompts.subList(prompts.size() - held, prompts.size());
        var before = AcceptanceMeter.measure(target, drafter, k, test, tokens);
        Examples ex = collect(target, drafter, train, tokens);
        DrafterCheckpoint fitted = fit(drafter, ex, lambda);
        var after = AcceptanceMeter.measure(target, fitted, k, test, tokens);
        return new Report(
                ex.labels.size(),
                before.perPosition(),
                after.perPosition(),
                before.identical() && after.identical(),
                fitted);
    }

    /** Training data: drafter features, target next-token labels, target hidden states after the labelled token. */
    private record Examples(List<float[]> features, List<Integer> labels, List<float[]> hiddens) {}

    private static Examples collect(Checkpoint target, DrafterCheckpoint drafter, List<int[]> prompts, int tokens) {
        int longest = prompts.stream().mapToInt(p -> p.length).max().orElse(1);
        int vocab = target.config().vocabSize();
        Examples ex = new Examples(new ArrayList<>(), new ArrayList<>(), new ArrayList<>());
        float[] logits = new float[vocab];
        BackendOptions options = BackendOptions.forDrafts(longest + tokens + 2, 0, 1);
        int batch = options.maxBatch(); // prompts go in prefill chunks of this size
        try (CpuBackend cpu = CpuBackend.open(target, Optional.of(drafter), options)) {
            for (int[] p : prompts) {
                cpu.truncate(0);
                int n = 0;
                for (int off = 0; off < p.length; off += batch) {
                    n = Math.min(batch, p.length - off);
                    cpu.forward(Arrays.copyOfRange(p, off, off + n), n, logits, false);
                }
                int row = n - 1;
                int token = Sampler.argmax(logits, 0, vocab);
                for (int i = 0; i < tokens; i++) {
                    float[] f = cpu.drafterFeatures(token, row);
                    cpu.forward(new int[] {token}, 1, logits, false);
                    row = 0;
                    int next = Sampler.argmax(logits, 0, vocab);
                    ex.features.add(f);
                    ex.labels.add(next);
                    ex.hiddens.add(cpu.targetHidden(0));
                    token = next;
                }
            }
        }
        return ex;
    }

    private static DrafterCheckpoint fit(DrafterCheckpoint drafter, Examples ex, double lambda) {
        DrafterConfig dc = drafter.config();
        int dh = dc.text().hiddenSize();
        int bb = dc.backboneHiddenSize();
        int vocab = dc.text().vocabSize();
        int n = ex.labels.size();
        // A = F'F + lambda * mean energy * I
        double[][] gram = new double[dh][dh];
        double energy = 0;
        for (float[] f : ex.features) {
            for (int i = 0; i < dh; i++) {
                energy += f[i] * f[i];
                for (int j = 0; j < dh; j++) {
                    gram[i][j] += (double) f[i] * f[j];
                }
            }
        }
        for (int i = 0; i < dh; i++) {
            gram[i][i] += lambda * energy / dh;
        }
        double[][] inverse = Ridge.invert(gram);
        Map<String, Tensor> t = new HashMap<>(drafter.tensors());

        // head: whitened class means of the seen labels, scaled to the old rows' median norm
        float[] head = drafter.tensor(WeightNames.EMBED).toFloats();
        double[][] sums = new double[vocab][];
        int[] counts = new int[vocab];
        for (int i = 0; i < n; i++) {
            int c = ex.labels.get(i);
            sums[c] = add(sums[c], ex.features.get(i));
            counts[c]++;
        }
        refitRows(head, sums, counts, inverse, dh);
        t.put(WeightNames.EMBED, Tensor.ofFloats(WeightNames.EMBED, DType.F32, head, vocab, dh));

        if (dc.useOrderedEmbeddings()) {
            int[] ordering = drafter.tensor(WeightNames.TOKEN_ORDERING).toInts();
            int per = dc.tokensPerCentroid();
            int[] clusterOf = new int[vocab];
            for (int i = 0; i < ordering.length; i++) {
                clusterOf[ordering[i]] = i / per;
            }
            float[] centroids = drafter.tensor(WeightNames.CENTROIDS).toFloats();
            double[][] cs = new double[dc.numCentroids()][];
            int[] cc = new int[dc.numCentroids()];
            for (int i = 0; i < n; i++) {
                int c = clusterOf[ex.labels.get(i)];
                cs[c] = add(cs[c], ex.features.get(i));
                cc[c]++;
            }
            refitRows(centroids, cs, cc, inverse, dh);
            t.put(
                    WeightNames.CENTROIDS,
                    Tensor.ofFloats(WeightNames.CENTROIDS, DType.F32, centroids, dc.numCentroids(), dh));
        }

        // post_projection [bb, dh]: row j = A^-1 sum_i f_i * hidden_i[j]
        double[][] fh = new double[bb][dh];
        for (int i = 0; i < n; i++) {
            float[] f = ex.features.get(i);
            float[] h = ex.hiddens.get(i);
            for (int j = 0; j < bb; j++) {
                for (int d = 0; d < dh; d++) {
                    fh[j][d] += (double) h[j] * f[d];
                }
            }
        }
        float[] post = new float[bb * dh];
        for (int j = 0; j < bb; j++) {
            double[] row = Ridge.times(inverse, fh[j]);
            for (int d = 0; d < dh; d++) {
                post[j * dh + d] = (float) row[d];
            }
        }
        t.put(WeightNames.POST_PROJECTION, Tensor.ofFloats(WeightNames.POST_PROJECTION, DType.F32, post, bb, dh));
        return new DrafterCheckpoint(dc, t);
    }

    /** Rows with examples become {@code A^-1 mean}, rescaled to the median norm of the old rows. */
    private static void refitRows(float[] rows, double[][] sums, int[] counts, double[][] inverse, int dh) {
        int count = counts.length;
        double[] norms = new double[count];
        for (int r = 0; r < count; r++) {
            double s = 0;
            for (int d = 0; d < dh; d++) {
                s += (double) rows[r * dh + d] * rows[r * dh + d];
            }
            norms[r] = Math.sqrt(s);
        }
        double[] sorted = norms.clone();
        Arrays.sort(sorted);
        double median = sorted[count / 2];
        for (int r = 0; r < count; r++) {
            if (counts[r] == 0) {
                continue;
            }
            double[] mean = sums[r].clone();
            for (int d = 0; d < dh; d++) {
                mean[d] /= counts[r];
            }
            double[] w = Ridge.times(inverse, mean);
            double s = 0;
            for (double x : w) {
                s += x * x;
            }
            double scale = s == 0 ? 0 : median / Math.sqrt(s);
            for (int d = 0; d < dh; d++) {
                rows[r * dh + d] = (float) (w[d] * scale);
            }
        }
    }

    private static double[] add(double[] sum, float[] f) {
        double[] s = sum == null ? new double[f.length] : sum;
        for (int i = 0; i < f.length; i++) {
            s[i] += f[i];
        }
        return s;
    }

    /**
     * Reads prompts: one per line, token ids separated by spaces or commas; blank lines and {@code #} lines skipped.
     *
     * @param file the file
     * @param vocab the vocabulary size
     * @return the prompts
     * @throws CollabException {@link ErrorCode#INVALID_REQUEST} naming the line of a bad id, {@link ErrorCode#NOT_FOUND}
     *     when the file cannot be read
     */
    public static List<int[]> readPrompts(Path file, int vocab) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file);
        } catch (IOException e) {
            throw CollabException.of(ErrorCode.NOT_FOUND, "cannot read prompts file " + file)
                    .withCause(e);
        }
        List<int[]> out = new ArrayList<>();
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i).strip();
            if (line.isEmpty() || line.startsWith("#")) {
                continue;
            }
            String[] parts = line.split("[,\\s]+");
            int[] p = new int[parts.length];
            for (int j = 0; j < parts.length; j++) {
                try {
                    p[j] = Integer.parseInt(parts[j]);
                } catch (NumberFormatException e) {
                    p[j] = -1;
                }
                if (p[j] < 0 || p[j] >= vocab) {
                    throw CollabException.of(
                            ErrorCode.INVALID_REQUEST,
                            file + " line " + (i + 1) + ": '" + parts[j] + "' is not a token id in [0, " + vocab + ")");
                }
            }
            out.add(p);
        }
        return out;
    }

    private static String format(List<Double> v) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < v.size(); i++) {
            b.append(i == 0 ? "" : " / ").append(String.format(java.util.Locale.ROOT, "%.2f", v.get(i)));
        }
        return b.toString();
    }
}
