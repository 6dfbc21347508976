package dev.agentcollab.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class BoardAnalyzerTest {

    private static final String[] SPEC_VARIANTS = {
        "speculative decoding with the mtp drafter, k=5, acceptance 0.61",
        "mtp drafter k=7 speculative decoding gives acceptance 0.64",
        "tuned speculative decoding drafter acceptance with k=6",
        "drafter acceptance rate improves speculative decoding at k=4",
    };

    private static final String[] DIVERSE = {
        "int4 quantization of the body with qat and awq calibration",
        "cuda graph replay of the whole decode step removes launch overhead",
        "prune the lm head vocabulary to the 12k most frequent tokens",
        "fused triton kernel for rmsnorm and rope",
        "speculative decoding with the mtp drafter at k=7",
        "kv cache ring buffer for sliding window layers",
    };

    @Test
    void concentratedBoardHasLowEntropyAndDiverseBoardHighEntropy() {
        List<BoardText> concentrated = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            concentrated.add(BoardText.message("c" + i, "agent-" + (i % 5), SPEC_VARIANTS[i % SPEC_VARIANTS.length]));
        }
        List<BoardText> diverse = new ArrayList<>();
        for (int i = 0; i < 24; i++) {
            diverse.add(BoardText.message("d" + i, "agent-" + (i % 5), DIVERSE[i % DIVERSE.length]));
        }
        BoardAnalysisConfig config = BoardAnalysisConfig.ofDefaults().withMaxClusters(6);

        BoardAnalysis low = new BoardAnalyzer(config, new SplittableRandom(7)).analyze(concentrated);
        BoardAnalysis high = new BoardAnalyzer(config, new SplittableRandom(7)).analyze(diverse);

        assertEquals(24, low.textsAnalysed());
        assertEquals(1, low.clusters().size(), () -> low.clusters().toString());
        assertTrue(low.normalizedEntropy() < 0.2, "low entropy " + low.normalizedEntropy());
        assertTrue(low.collapsed(0.6));
        assertTrue(low.clusters().get(0).topTerms().stream()
                .anyMatch(t -> t.contains("drafter") || t.contains("speculative")));
        assertTrue(high.normalizedEntropy() > 0.8, () -> "high entropy " + high);
        assertFalse(high.collapsed(0.6));
        assertTrue(high.effectiveTopics() > 4.0);
        assertTrue(high.normalizedEntropy() - low.normalizedEntropy() > 0.6);
    }

    @Test
    void namesTechniquesNobodyExplores() {
        List<BoardText> texts = List.of(
                BoardText.message("m1", "a", "speculative decoding drafter acceptance at k=5"),
                BoardText.message("m2", "b", "speculative decoding drafter with k=7, acceptance 0.7"),
                BoardText.resultMethod("r1", "a", "int4 quantization + mtp drafter"));

        BoardAnalysis analysis =
                new BoardAnalyzer(BoardAnalysisConfig.ofDefaults(), new SplittableRandom(1)).analyze(texts);

        assertEquals(3, analysis.techniqueMentions().get("speculative decoding"));
        assertEquals(1, analysis.techniqueMentions().get("quantization"));
        assertTrue(analysis.unexplored().containsAll(List.of("cuda graphs", "lm head pruning", "layer skipping")));
        assertFalse(analysis.unexplored().contains("speculative decoding"));
        assertFalse(analysis.unexplored().contains("quantization"));
    }

    @Test
    void aCatalogueMayListKeywordsInTheYamlForms() {
        TechniqueCatalog catalog = TechniqueCatalog.parse(List.of(
                "speculative: [drafter, 'mtp']", "beam search:", "  - beam", "  - \"beams\"", "lookup: n-gram, ngram"));
        assertEquals(
                List.of(
                        new Technique("speculative", List.of("drafter", "mtp")),
                        new Technique("beam search", List.of("beam", "beams")),
                        new Technique("lookup", List.of("n-gram", "ngram"))),
                catalog.techniques());
        assertTrue(assertThrows(
                        dev.agentcollab.api.error.CollabException.class,
                        () -> TechniqueCatalog.parse(List.of("empty:", "next: a")))
                .getMessage()
                .contains("'empty' needs at least one keyword"));
    }

    @Test
    void customCatalogueAndEmptyBoard() {
        TechniqueCatalog catalog = TechniqueCatalog.parse(List.of("# comment", "", "beam search: beam, beams"));
        BoardAnalysis analysis = new BoardAnalyzer(
                        BoardAnalysisConfig.ofDefaults().withCatalog(catalog), new SplittableRandom(1))
                .analyze(List.of(BoardText.message("m", "a", "the and of")));

        assertEquals(0, analysis.textsAnalysed());
        assertTrue(analysis.clusters().isEmpty());
        assertEquals(List.of("beam search"), analysis.unexplored());
        assertEquals(0, analysis.effectiveTopics());
        assertTrue(
                BoardAnalysisReport.render(analysis, 0.6)
                        .startsWith("Idea concentration: 0 texts, 0 topics (k=0), normalized entropy 0.000, effective"
                                + " topics 0.00,"),
                BoardAnalysisReport.render(analysis, 0.6));
    }

    @Test
    void tfIdfKeepsBigramsAndDropsStopWords() {
        assertEquals(
                List.of("cuda", "graph", "kv-cache", "cuda graph", "graph kv-cache"),
                TfIdfVectorizer.terms("The CUDA graph, and the KV-cache 42"));
    }

    @Test
    void wordsOfEveryScriptAreTerms() {
        assertEquals(
                List.of("überprüfung", "la", "mémoire", "réduite", "überprüfung la", "la mémoire", "mémoire réduite"),
                TfIdfVectorizer.terms("Überprüfung: la mémoire réduite"));
        List<BoardText> texts = List.of(
                BoardText.message("ru", "a", "Квантизация модели в int4 даёт прирост скорости"),
                BoardText.message("zh", "b", "模型量化 带来 速度提升"),
                BoardText.message("en", "c", "cuda graph replay of the decode step"));

        BoardAnalysis analysis =
                new BoardAnalyzer(BoardAnalysisConfig.ofDefaults(), new SplittableRandom(1)).analyze(texts);

        assertEquals(3, analysis.textsAnalysed(), analysis::toString);
        assertTrue(
                analysis.clusters().stream().anyMatch(c -> c.topTerms().contains("квантизация")), analysis::toString);
    }

    @Test
    void catalogueKeywordsMatchTheWayTextsWriteThem() {
        TechniqueCatalog catalog = TechniqueCatalog.parse(List.of(
                "compile: torch.compile",
                "moe: mixture of experts",
                "lm head: lm_head",
                "q8: Q8_0",
                "beam search: wide beam search sweep"));
        List<BoardText> texts = List.of(
                BoardText.message("m1", "a", "we wrapped the model in torch.compile and pruned the lm_head"),
                BoardText.message("m2", "b", "routing with a Mixture of Experts layer, Q8_0 weights"),
                BoardText.message("m3", "c", "a wide sweep of beam search widths"));

        BoardAnalysis analysis = new BoardAnalyzer(
                        BoardAnalysisConfig.ofDefaults().withCatalog(catalog), new SplittableRandom(1))
                .analyze(texts);

        assertEquals(
                java.util.Map.of("compile", 1, "moe", 1, "lm head", 1, "q8", 1, "beam search", 0),
                analysis.techniqueMentions());
        assertEquals(List.of("beam search"), analysis.unexplored());
        assertTrue(assertThrows(
                        dev.agentcollab.api.error.CollabException.class,
                        () -> TechniqueCatalog.parse(List.of("noise: the, 42")))
                .getMessage()
                .contains("'noise' needs at least one keyword"));
    }

    @Test
    void distinctTopicsThatShareVocabularyStayApartOnALargeBoard() {
        String[] common = ("model gemma baseline tps throughput result run benchmark latency improved measured gpu"
                        + " batch tokens second ppl check")
                .split(" ");
        String[][] topics = {
            "speculative decoding drafter draft acceptance rate mtp heads verify".split(" "),
            "quantization int4 int8 awq gptq weights calibration fp8".split(" "),
            "cuda graphs graph replay capture static shapes launch overhead".split(" "),
            "kv cache paged attention sliding window eviction memory blocks".split(" "),
            "fused kernel fusion triton custom kernel matmul epilogue".split(" "),
            "distillation distill student teacher logits loss temperature".split(" "),
        };
        java.util.Random words = new java.util.Random(5);
        List<BoardText> texts = new ArrayList<>();
        for (int i = 0; i < 600; i++) {
            String[] topic = topics[i % topics.length];
            List<String> text = new ArrayList<>();
            for (int w = 4 + words.nextInt(7); w > 0; w--) {
                text.add(common[words.nextInt(common.length)]);
            }
            for (int w = 3 + words.nextInt(4); w > 0; w--) {
                text.add(topic[words.nextInt(topic.length)]);
            }
            java.util.Collections.shuffle(text, words);
            texts.add(BoardText.message("m" + i, "agent-" + (i % 7), String.join(" ", text)));
        }

        for (int seed = 1; seed <= 3; seed++) {
            // whichever way k-means splits the board, six topics of 100 texts each are no collapse
            BoardAnalysis analysis =
                    new BoardAnalyzer(BoardAnalysisConfig.ofDefaults(), new SplittableRandom(seed)).analyze(texts);

            assertFalse(analysis.collapsed(0.6), analysis::toString);
            assertTrue(analysis.clusters().size() >= 4, analysis::toString);
            assertTrue(analysis.normalizedEntropy() > 0.6, analysis::toString);
        }
    }
}
