package dev.agentcollab.inference.cpu;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import dev.agentcollab.api.error.CollabException;
import dev.agentcollab.api.error.ErrorCode;
import dev.agentcollab.inference.TinyModels;
import dev.agentcollab.inference.model.Checkpoint;
import dev.agentcollab.inference.model.DrafterCheckpoint;
import dev.agentcollab.inference.model.WeightNames;
import dev.agentcollab.inference.safetensors.DType;
import dev.agentcollab.inference.safetensors.Tensor;
import dev.agentcollab.inference.spi.BackendOptions;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The CPU backend refuses a weight whose shape differs from the one the config implies, even when it holds as many
 * values (a transposed matrix would otherwise load as garbage), naming the tensor and both shapes.
 */
class WeightShapeCheckTest {
    private static final BackendOptions OPTIONS = new BackendOptions(64, 4, 1);

    @ParameterizedTest
    @EnumSource(WeightFormat.class)
    void aTransposedTargetMatrixIsRefusedInEveryFormat(WeightFormat format) {
        String name = WeightNames.layer(0, "mlp.down_proj.weight");
        Checkpoint ck = withTarget(
                TinyModels.targetCheckpoint(1),
                transposed(TinyModels.targetCheckpoint(1).tensor(name)));
        CollabException e =
                assertThrows(CollabException.class, () -> CpuBackend.open(ck, Optional.empty(), OPTIONS, format)
                        .close());
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("tensor " + name + " has shape [64, 32], config implies [32, 64]", e.getMessage());
    }

    @Test
    void aTransposedEmbeddingAndPerLayerTableAreRefused() {
        for (String name : List.of(WeightNames.EMBED, WeightNames.PLE_EMBED, WeightNames.PLE_PROJECTION)) {
            Checkpoint base = TinyModels.targetCheckpoint(2);
            Checkpoint ck = withTarget(base, transposed(base.tensor(name)));
            CollabException e = assertThrows(
                    CollabException.class,
                    () -> CpuBackend.open(ck, Optional.empty(), OPTIONS).close(),
                    name);
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            List<Integer> want = base.tensor(name).shape();
            assertEquals(
                    "tensor " + name + " has shape " + want.reversed() + ", config implies " + want, e.getMessage());
        }
    }

    @Test
    void aTransposedDrafterMatrixIsRefused() {
        for (String name : List.of(
                WeightNames.PRE_PROJECTION, WeightNames.POST_PROJECTION, WeightNames.layer(1, "mlp.up_proj.weight"))) {
            DrafterCheckpoint base = TinyModels.drafterCheckpoint(3);
            Map<String, Tensor> t = new HashMap<>(base.tensors());
            t.put(name, transposed(base.tensor(name)));
            DrafterCheckpoint ck = new DrafterCheckpoint(base.config(), t);
            CollabException e = assertThrows(
                    CollabException.class,
                    () -> CpuBackend.open(TinyModels.targetCheckpoint(2), Optional.of(ck), OPTIONS)
                            .close(),
                    name);
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            List<Integer> want = base.tensor(name).shape();
            assertEquals(
                    "tensor " + name + " has shape " + want.reversed() + ", config implies " + want, e.getMessage());
        }
    }

    @Test
    void aNormOfTheWrongLengthIsRefused() {
        String name = WeightNames.layer(2, "self_attn.q_norm.weight");
        Checkpoint base = TinyModels.targetCheckpoint(4);
        Checkpoint ck = withTarget(base, Tensor.ofFloats(name, base.tensor(name).dtype(), new float[8], 8));
        CollabException e = assertThrows(CollabException.class, () -> CpuBackend.open(ck, Optional.empty(), OPTIONS)
                .close());
        assertEquals(ErrorCode.INVALID_REQUEST, e.code());
        assertEquals("tensor " + name + " has shape [8], config implies [16]", e.getMessage());
    }

    @Test
    void aTokenOrderingThatIsNoListOfVocabularyIdsIsRefused() {
        DrafterCheckpoint base = TinyModels.drafterCheckpoint(7);
        int[] ids = base.tensor(WeightNames.TOKEN_ORDERING).toInts();
        int[] outside = ids.clone();
        outside[5] = 96;
        List<List<Object>> cases = List.of(
                List.of(
                        Tensor.ofInts(WeightNames.TOKEN_ORDERING, DType.I64, outside, 96),
                        "token_ordering holds 96 at index 5, outside the vocabulary [0, 96)"),
                List.of(
                        Tensor.ofInts(WeightNames.TOKEN_ORDERING, DType.I32, new int[95], 95),
                        "tensor masked_embedding.token_ordering has shape [95], config implies [96]"),
                List.of(
                        Tensor.ofFloats(WeightNames.TOKEN_ORDERING, DType.F32, new float[96], 96),
                        "tensor masked_embedding.token_ordering is F32, not an integer type"));
        for (List<Object> c : cases) {
            Map<String, Tensor> t = new HashMap<>(base.tensors());
            t.put(WeightNames.TOKEN_ORDERING, (Tensor) c.get(0));
            DrafterCheckpoint ck = new DrafterCheckpoint(base.config(), t);
            CollabException e = assertThrows(
                    CollabException.class,
                    () -> CpuBackend.open(TinyModels.targetCheckpoint(2), Optional.of(ck), OPTIONS)
                            .close(),
                    c.get(1).toString());
            assertEquals(ErrorCode.INVALID_REQUEST, e.code());
            assertEquals(c.get(1), e.getMessage());
        }
    }

    @Test
    void theUntouchedCheckpointsStillLoad() {
        CpuBackend.open(TinyModels.targetCheckpoint(5), Optional.of(TinyModels.drafterCheckpoint(6)), OPTIONS)
                .close();
    }

    static Tensor transposed(Tensor t) {
        return new Tensor(t.name(), t.dtype(), t.shape().reversed(), t.bytes());
    }

    private static Checkpoint withTarget(Checkpoint base, Tensor replacement) {
        Map<String, Tensor> t = new HashMap<>(base.tensors());
        t.put(replacement.name(), replacement);
        return new Checkpoint(base.config(), t);
    }
}
