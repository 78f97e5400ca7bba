package org.attentionlab.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;

import org.attentionlab.core.reference.OnnxReference;
import org.attentionlab.core.testing.Agreement;
import org.attentionlab.core.testing.Roles;
import org.attentionlab.core.testing.SoftmaxOracleAttention;
import org.attentionlab.core.testing.TinyBertOnnx;
import org.attentionlab.core.testing.TinyBertOnnx.Variant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The reader and the encoder on tiny synthetic exports (see TinyBertOnnx): the export variants the
 * built-in models do not show (fused LayerNormalization, a constant Reshape shape, Range positions, no
 * token_type_ids input) and the ones the reader must refuse.
 */
class TinyBertTest {

    static Stream<Variant> variants() {
        return Stream.of(Variant.fused(), Variant.decomposed());
    }

    @ParameterizedTest
    @MethodSource("variants")
    void readsTheShapeFromTheGraph(Variant variant) {
        BertWeights w = OnnxBertReader.read(TinyBertOnnx.build(variant).bytes(), "tiny");
        assertEquals(new BertConfig(TinyBertOnnx.LAYERS, TinyBertOnnx.HIDDEN, TinyBertOnnx.HEADS, TinyBertOnnx.INTERMEDIATE,
                variant.eps(), TinyBertOnnx.POSITIONS, TinyBertOnnx.VOCAB, TinyBertOnnx.TYPES), w.config());
        for (BertWeights.Layer layer : w.layers()) {
            assertEquals(variant.eps(), layer.attentionNorm().eps());
            assertEquals(variant.eps(), layer.outputNorm().eps());
        }
    }

    @ParameterizedTest
    @MethodSource("variants")
    void mapsEveryRoleToTheWeightPutThere(Variant variant) {
        TinyBertOnnx.Built built = TinyBertOnnx.build(variant);
        BertWeights w = OnnxBertReader.read(built.bytes(), "tiny");
        assertEquals(built.roles().keySet(), w.sources().keySet());
        for (Map.Entry<String, float[]> role : built.roles().entrySet()) {
            assertArrayEquals(role.getValue(), Roles.values(w, role.getKey()), role.getKey());
        }
    }

    @ParameterizedTest
    @MethodSource("variants")
    void matchesOnnxRuntimeWithPaddingAndTokenTypes(Variant variant) {
        byte[] bytes = TinyBertOnnx.build(variant).bytes();
        BertWeights w = OnnxBertReader.read(bytes, "tiny");
        BertEncoder encoder = new BertEncoder(w, Collections.nCopies(w.config().layers(), new SoftmaxOracleAttention()));
        int n = 11;
        int[][] ids = new int[2][n];
        int[][] types = new int[2][n];
        int[][] mask = new int[2][n];
        boolean[][] masks = new boolean[2][n];
        Random random = new Random(7);
        for (int b = 0; b < 2; b++) {
            int real = b == 0 ? n : 6;
            for (int i = 0; i < n; i++) {
                ids[b][i] = i < real ? 1 + random.nextInt(TinyBertOnnx.VOCAB - 1) : 0;
                types[b][i] = i < real / 2 ? 0 : 1;
                mask[b][i] = i < real ? 1 : 0;
                masks[b][i] = i < real;
            }
        }
        float[][] java = encoder.forwardBatch(ids, types, masks);
        try (OnnxReference reference = new OnnxReference(bytes, 1)) {
            assertTrue(reference.takesTokenTypes());
            float[][] ref = reference.run(ids, mask, types);
            for (int b = 0; b < 2; b++) {
                Agreement a = Agreement.of(java[b], ref[b], n, TinyBertOnnx.HIDDEN, masks[b]);
                assertTrue(a.minCosine() >= 0.99999 && a.maxAbsDiff() <= 1e-5, variant + " row " + b + ": " + a);
            }
        }
    }

    @Test
    void runsAnExportWithoutTokenTypeIds() {
        byte[] bytes = TinyBertOnnx.build(Variant.fused().withoutTokenTypes()).bytes();
        BertWeights w = OnnxBertReader.read(bytes, "tiny");
        BertEncoder encoder = new BertEncoder(w, Collections.nCopies(w.config().layers(), new SoftmaxOracleAttention()));
        int[] ids = {3, 5, 7, 9, 11, 13};
        try (OnnxReference reference = new OnnxReference(bytes, 1)) {
            assertFalse(reference.takesTokenTypes());
            Agreement a = Agreement.of(encoder.forward(ids, null, null), reference.run(ids, null), ids.length, TinyBertOnnx.HIDDEN, null);
            assertTrue(a.minCosine() >= 0.99999 && a.maxAbsDiff() <= 1e-5, a.toString());
        }
    }

    @Test
    void refusesTheTanhApproximationOfGelu() {
        byte[] bytes = TinyBertOnnx.build(Variant.fused().withTanhGelu()).bytes();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> OnnxBertReader.read(bytes, "tiny.onnx"));
        assertEquals("unsupported BERT variant: tiny.onnx: /encoder/layer.0/intermediate/intermediate_act_fn/Tanh is the tanh "
                + "approximation of GELU; only the exact (erf) GELU is implemented", e.getMessage());
    }

    @Test
    void refusesPositionsThatDoNotStartAtZero() {
        byte[] bytes = TinyBertOnnx.build(Variant.fused().withPositionStart(2)).bytes();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> OnnxBertReader.read(bytes, "tiny.onnx"));
        assertEquals("unsupported BERT variant: tiny.onnx: the position ids read by /embeddings/position_embeddings/Gather are "
                + "computed by Range /embeddings/Range, not 0..n-1; only absolute positions from 0 are implemented", e.getMessage());
    }
}
