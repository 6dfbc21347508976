package dev.agentcollab.inference.harness;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.DefaultGenerator;
import dev.agentcollab.inference.FinishReason;
import dev.agentcollab.inference.GenerationOptions;
import dev.agentcollab.inference.GenerationResult;
import dev.agentcollab.inference.Generator;
import dev.agentcollab.inference.InferenceBackends;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.model.ModelLoader;
import dev.agentcollab.inference.sampling.SamplingOptions;
import dev.agentcollab.inference.spec.AcceptanceStats;
import dev.agentcollab.inference.spec.SpeculativeGenerator;
import dev.agentcollab.inference.spec.SpeculativeOptions;
import dev.agentcollab.inference.spi.BackendOptions;
import dev.agentcollab.inference.spi.InferenceBackend;
import dev.agentcollab.inference.tokenizer.HfTokenizers;
import dev.agentcollab.inference.tokenizer.Tokenizer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * A submission loaded with the inference engine: the target (and drafter) checkpoints from safetensors, the
 * preferred {@link InferenceBackend} ({@link InferenceBackends#open}: CUDA when available, else the pure-Java CPU
 * backend), a {@link DefaultGenerator} for plain decoding and scoring, a {@link SpeculativeGenerator} when the
 * submission decodes speculatively, and the HF tokenizer from {@code model/tokenizer.json} when present.
 * Sampling randomness comes from a generator seeded with the submission's seed.
 *
 * <p>Not thread safe (one backend, one sequence at a time).
 */
public final class EngineSubmissionModel implements SubmissionModel {
    /** Positions allocated per sequence unless the model allows fewer. */
    public static final int DEFAULT_MAX_SEQUENCE = 4096;

    private final InferenceBackend backend;
    private final Generator plain;
    private final Optional<SpeculativeGenerator> speculative;
    private final DecodingSettings decoding;
    private final SamplingOptions sampling;
    private final RandomGenerator random;
    private final String name;
    private final Optional<Tokenizer> tokenizer;
    private final int positions;
    private final boolean weightsAsStored;

    private EngineSubmissionModel(
            InferenceBackend backend,
            Optional<SpeculativeGenerator> speculative,
            DecodingSettings decoding,
            Ticker ticker,
            String name,
            Optional<Tokenizer> tokenizer,
            int positions,
            boolean weightsAsStored) {
        this.backend = backend;
        this.plain = new DefaultGenerator(backend, ticker::nanos);
        this.speculative = speculative;
        this.decoding = decoding;
        this.sampling = decoding.greedy()
                ? SamplingOptions.greedy()
                : new SamplingOptions(decoding.temperature(), decoding.topK(), decoding.topP());
        this.random = new SplittableRandom(decoding.seed());
        this.name = name;
        this.tokenizer = tokenizer;
        this.positions = positions;
        this.weightsAsStored = weightsAsStored;
    }

    /**
     * A loader opening real checkpoints with the default sequence budget and the system ticker.
     *
     * @return the loader
     */
    public static SubmissionModelLoader loader() {
        return loader(DEFAULT_MAX_SEQUENCE, Ticker.system());
    }

    /**
     * A loader opening real checkpoints.
     *
     * @param maxSequence positions allocated per sequence (capped by the model's maximum)
     * @param ticker the time source the generators time themselves with
     * @return the loader
     */
    public static SubmissionModelLoader loader(int maxSequence, Ticker ticker) {
        if (maxSequence < 2) {
            throw new IllegalArgumentException("maxSequence must be >= 2, but was " + maxSequence);
        }
        return (modelDir, drafterDir, decoding) -> open(modelDir, drafterDir, decoding, maxSequence, ticker);
    }

    private static EngineSubmissionModel open(
            Path modelDir, Optional<Path> drafterDir, DecodingSettings decoding, int maxSequence, Ticker ticker) {
        Checkpoint target = ModelLoader.loadTarget(modelDir);
        Path tokenizerJson = modelDir.resolve("tokenizer.json");
        Optional<Tokenizer> tokenizer =
                Files.isRegularFile(tokenizerJson) ? Optional.of(HfTokenizers.load(tokenizerJson)) : Optional.empty();
        Optional<DrafterCheckpoint> drafter = Optional.empty();
        if (decoding.speculative()) {
            Path dir = drafterDir.orElseThrow(() ->
                    CollabException.of(ErrorCode.INVALID_REQUEST, "speculative decoding needs a drafter directory"));
            drafter = Optional.of(ModelLoader.loadDrafter(dir));
        }
        int seq = Math.min(maxSequence, target.config().maxPositionEmbeddings());
        int threads = decoding.threads() == 0 ? Runtime.getRuntime().availableProcessors() : decoding.threads();
        InferenceBackend backend = InferenceBackends.open(
                target,
                drafter,
                BackendOptions.forDrafts(seq, decoding.draftTokens(), threads),
                decoding.weightFormat());
        try {
            Optional<SpeculativeGenerator> spec = decoding.speculative()
                    ? Optional.of(new SpeculativeGenerator(
                            backend, SpeculativeOptions.of(decoding.draftTokens()), ticker::nanos))
                    : Optional.empty();
            String name = modelDir.getFileName() + " " + decoding.describe() + " (" + backend.name() + ")";
            boolean asStored =
                    !decoding.weightFormat().changesAny(target.tensors().values());
            return new EngineSubmissionModel(backend, spec, decoding, ticker, name, tokenizer, seq, asStored);
        } catch (RuntimeException e) {
            backend.close();
            throw e;
        }
    }

    @Override
    public String describe() {
        return name;
    }

    @Override
    public Generation generate(int[] prompt, int outputTokens) {
        GenerationOptions options = new GenerationOptions(outputTokens, sampling, List.of(), false);
        GenerationResult r = speculative.isPresent()
                ? speculative.get().generate(prompt, options, random)
                : plain.generate(prompt, options, random);
        if (r.finishReason() == FinishReason.CONTEXT_FULL && r.tokenArray().length < outputTokens) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "the model's context was full after " + r.tokenArray().length + " of " + outputTokens
                            + " tokens: a prompt of " + prompt.length + " tokens and " + outputTokens
                            + " new ones need more than the " + positions
                            + " positions this model holds (max_position_embeddings, at most --max-seq)",
                    "lower --output-len (a job's jobs.extra_args), or use shorter prompts");
        }
        AcceptanceStats a = r.acceptance().orElse(new AcceptanceStats(0, 0, 0, List.of()));
        return new Generation(r.tokenArray(), a.drafts(), a.draftedTokens(), a.acceptedTokens());
    }

    @Override
    public void checkPrompt(int[] prompt) {
        SubmissionModel.super.checkPrompt(prompt);
        int vocab = backend.config().vocabSize();
        for (int t : prompt) {
            if (t < 0 || t >= vocab) {
                throw CollabException.of(ErrorCode.INVALID_REQUEST, "token id out of vocabulary: " + t);
            }
        }
    }

    @Override
    public int[] referenceGreedy(int[] prompt, int outputTokens) {
        return plain.generate(prompt, GenerationOptions.greedy(outputTokens), random)
                .tokenArray();
    }

    @Override
    public double[] logProbs(int[] context, int[] targets) {
        // the last target is only predicted, never fed
        int fed = context.length + Math.max(0, targets.length - 1);
        if (fed > positions) {
            throw CollabException.of(
                    ErrorCode.INVALID_REQUEST,
                    "a context of " + context.length + " tokens and " + targets.length + " scored ones ("
                            + (context.length + targets.length) + " tokens in all, " + fed
                            + " fed to the model) need more than the " + positions
                            + " positions this model holds (max_position_embeddings, at most --max-seq)",
                    "raise --max-seq (up to the model's max_position_embeddings), or shorten the record");
        }
        return plain.score(context, targets).logProbs().stream()
                .mapToDouble(Double::doubleValue)
                .toArray();
    }

    @Override
    public int[] encode(String text) {
        return tokenizer().encode(text);
    }

    /**
     * Decodes with the submission's tokenizer, skipping special tokens and ids past the tokenizer's vocabulary
     * (models often pad their embedding table beyond the tokenizer; such ids have no text).
     *
     * @param tokens the token ids
     * @return the text
     */
    @Override
    public String decode(int[] tokens) {
        Tokenizer t = tokenizer.orElseThrow(() -> CollabException.of(
                ErrorCode.INVALID_REQUEST,
                "--scoring generated-letter reads each generated answer as text: it needs model/tokenizer.json, which"
                        + " this submission lacks",
                "add the tokenizer, or score with --scoring log-likelihood"));
        return t.decode(
                java.util.Arrays.stream(tokens)
                        .filter(id -> id >= 0 && id < t.vocabSize())
                        .toArray(),
                true);
    }

    private Tokenizer tokenizer() {
        return tokenizer.orElseThrow(() -> CollabException.of(
                ErrorCode.INVALID_REQUEST,
                "text prompts and text eval items need model/tokenizer.json, which this submission lacks",
                "add the tokenizer, or use prompt_token_ids / option_token_ids in the harness data"));
    }

    /**
     * The decoding settings in force.
     *
     * @return the settings
     */
    public DecodingSettings decoding() {
        return decoding;
    }

    /**
     * Whether the target's weight matrices are held as the checkpoint stores them: {@code false} for f32 or f16
     * weights under {@code bf16} and for any weights under {@code q8_0} or {@code q3_0}.
     *
     * @return whether the weight format left the checkpoint's weights unchanged
     */
    @Override
    public boolean weightsAsStored() {
        return weightsAsStored;
    }

    @Override
    public void close() {
        speculative.ifPresent(SpeculativeGenerator::close);
        backend.close();
    }
}
