package dev.agentcollab.inference.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.inference.DefaultGenerator;
import dev.agentcollab.inference.GenerationOptions;
import dev.agentcollab.inference.TinyModels;
import dev.agentcollab.inference.cpu.CpuBackend;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.spi.BackendOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class ModelLoaderTest {
    @TempDir
    Path dir;

    @Test
    void configsRoundTripThroughHfJson() throws IOException {
        ModelConfig c = TinyModels.target();
        DrafterConfig d = TinyModels.drafter();
        Files.writeString(dir.resolve("t.json"), HfConfigWriter.model(c));
        Files.writeString(dir.resolve("d.json"), HfConfigWriter.drafter(d));
        assertEquals(c, HfConfigReader.readModel(dir.resolve("t.json")));
        assertEquals(d, HfConfigReader.readDrafter(dir.resolve("d.json")));
    }

    @Test
    void readsGemma4StyleConfigWithDefaults() throws IOException {
        Files.writeString(
                dir.resolve("config.json"),
                """
                {"model_type":"gemma4","eos_token_id":[1,106],"text_config":{
                  "vocab_size":262144,"hidden_size":2560,"intermediate_size":10240,"num_hidden_layers":42,
                  "num_attention_heads":8,"num_key_value_heads":2,"head_dim":256,"global_head_dim":512,
                  "sliding_window":512,"num_kv_shared_layers":18,"hidden_size_per_layer_input":256,
                  "final_logit_softcapping":30.0,"rope_parameters":{
                    "sliding_attention":{"rope_type":"default","rope_theta":10000.0},
                    "full_attention":{"rope_type":"proportional","partial_rotary_factor":0.25,"rope_theta":1000000.0}}}}
                """);
        ModelConfig c = HfConfigReader.readModel(dir.resolve("config.json"));
        assertEquals(42, c.numLayers());
        assertEquals(LayerType.GLOBAL, c.layerType(5));
        assertEquals(LayerType.SLIDING, c.layerType(6));
        assertEquals(LayerType.GLOBAL, c.layerType(41));
        assertEquals(22, c.kvSourceLayer(24));
        assertEquals(23, c.kvSourceLayer(29));
        assertEquals(23, c.kvSourceLayer(41));
        assertEquals(10, c.kvSourceLayer(10));
        assertEquals(512, c.headDim(5));
        assertEquals(List.of(1, 106), c.eosTokenIds());
        assertEquals(262144, c.vocabSizePerLayerInput());
        double[] inv = c.globalRope().inverseFrequencies(512);
        assertEquals(256, inv.length);
        assertTrue(inv[63] > 0 && inv[64] == 0, "proportional RoPE rotates only the first 64 pairs");
    }

    @ParameterizedTest
    @EnumSource(
            value = DType.class,
            names = {"F32", "F16", "BF16"})
    void checkpointsRoundTripAndStillGenerate(DType dtype) {
        Checkpoint target = TinyModels.targetCheckpoint(3);
        DrafterCheckpoint drafter = TinyModels.drafterCheckpoint(4);
        ModelWriter.writeTarget(dir.resolve("target"), target, dtype);
        ModelWriter.writeDrafter(dir.resolve("drafter"), drafter, dtype);
        Checkpoint t2 = ModelLoader.loadTarget(dir.resolve("target"));
        DrafterCheckpoint d2 = ModelLoader.loadDrafter(dir.resolve("drafter"));
        assertEquals(target.config(), t2.config());
        assertEquals(drafter.config(), d2.config());
        assertEquals(target.tensors().keySet(), t2.tensors().keySet());
        assertEquals(drafter.tensors().keySet(), d2.tensors().keySet());
        assertArrayEquals(
                drafter.tensor(WeightNames.TOKEN_ORDERING).toInts(),
                d2.tensor(WeightNames.TOKEN_ORDERING).toInts());
        target.tensors().forEach((name, t) -> {
            float[] a = t.toFloats();
            float[] b = t2.tensor(name).toFloats();
            for (int i = 0; i < a.length; i++) {
                double tol = dtype == DType.F32 ? 0 : Math.abs(a[i]) / (dtype == DType.F16 ? 1000 : 120) + 1e-6;
                assertEquals(a[i], b[i], tol, name);
            }
        });
        BackendOptions opts = new BackendOptions(64, 8, 1);
        int[] prompt = TinyModels.prompt(1, 5);
        try (CpuBackend original = CpuBackend.open(target, Optional.of(drafter), opts);
                CpuBackend loaded = CpuBackend.open(t2, Optional.of(d2), opts)) {
            var a = new DefaultGenerator(original)
                    .generate(prompt, GenerationOptions.greedy(8), new SplittableRandom(0));
            var b = new DefaultGenerator(loaded).generate(prompt, GenerationOptions.greedy(8), new SplittableRandom(0));
            if (dtype == DType.F32) {
                assertEquals(a.tokens(), b.tokens());
            } else {
                assertEquals(8, b.generatedTokens());
            }
        }
    }

    @Test
    void missingTensorsAndBadShapesAreReported() {
        Checkpoint target = TinyModels.targetCheckpoint(3);
        var fewer = new java.util.HashMap<>(target.tensors());
        fewer.remove(WeightNames.layer(0, "mlp.up_proj.weight"));
        assertThrows(
                CollabException.class,
                () -> CpuBackend.open(
                        new Checkpoint(target.config(), fewer), Optional.empty(), new BackendOptions(16, 4, 1)));
        ModelConfig wider = target.config().toBuilder().hiddenSize(48).build();
        assertThrows(
                CollabException.class,
                () -> CpuBackend.open(
                        new Checkpoint(wider, target.tensors()), Optional.empty(), new BackendOptions(16, 4, 1)));
        assertThrows(CollabException.class, () -> ModelLoader.loadTarget(dir.resolve("nothing")));
    }

    @Test
    void configValidationNamesTheProblem() {
        var e = assertThrows(
                IllegalArgumentException.class,
                () -> ModelConfig.builder().heads(3, 2).build());
        assertTrue(e.getMessage().contains("numHeads"));
        assertThrows(IllegalArgumentException.class, () -> ModelConfig.builder()
                .layerTypes(List.of(LayerType.SLIDING, LayerType.GLOBAL))
                .numKvSharedLayers(1)
                .layerTypes(List.of(LayerType.GLOBAL, LayerType.SLIDING))
                .build());
        assertThrows(IllegalArgumentException.class, () -> new DrafterConfig(TinyModels.target(), 32, false, 0, 0));
    }
}
