package org.attentionlab.core.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.Random;
import java.util.stream.Stream;

import ai.onnx.proto.OnnxMl.ModelProto;
import org.attentionlab.core.reference.OnnxReference;
import org.attentionlab.core.testing.Agreement;
import org.attentionlab.core.testing.SoftmaxOracleAttention;
import org.attentionlab.core.testing.TinyBertOnnx;
import org.attentionlab.core.testing.TinyBertOnnx.PositionIds;
import org.attentionlab.core.testing.TinyBertOnnx.Variant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * The export rewrite on tiny exports whose position ids come from an initializer, a Constant node or
 * a Range: the table is found by walking the graph, ONNX Runtime runs the rewritten file past the
 * learned positions, and the Java encoder read from the same file agrees with it.
 */
class PositionTableRewriterTest {

    private static final int EXTEND_TO = 150; // > TinyBertOnnx.POSITIONS = 64, not a multiple of it

    static Stream<Arguments> sourcesAndMethods() {
        Stream.Builder<Arguments> b = Stream.builder();
        for (PositionIds ids : PositionIds.values()) {
            for (PositionMethod m : PositionMethod.values()) {
                b.add(Arguments.of(ids, m));
            }
        }
        return b.build();
    }

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("sourcesAndMethods")
    void theRewrittenExportRunsPastTheLearnedPositionsOnBothSides(PositionIds source, PositionMethod method) {
        TinyBertOnnx.Built built = TinyBertOnnx.build(Variant.fused().withPositionIds(source));
        PositionTableRewriter.Rewritten r = PositionTableRewriter.rewrite(built.bytes(), "tiny", new PositionExtension(method, EXTEND_TO));

        assertEquals("/embeddings/position_embeddings/Gather", r.table().gather());
        assertEquals("embeddings.position_embeddings.weight", r.table().table());
        assertEquals(TinyBertOnnx.POSITIONS, r.table().rows());
        assertEquals(switch (source) {
            case RANGE -> "Range";
            case INITIALIZER -> "initializer";
            case CONSTANT_NODE -> "Constant node";
        }, r.table().idsProducer());

        BertWeights w = OnnxBertReader.read(r.onnxBytes(), "tiny extended");
        assertEquals(EXTEND_TO, w.config().maxPositions());
        float[] learned = built.roles().get("embeddings.position");
        assertArrayEquals(method.extend(learned, TinyBertOnnx.POSITIONS, TinyBertOnnx.HIDDEN, EXTEND_TO), w.positionEmbeddings());

        BertEncoder encoder = new BertEncoder(w, Collections.nCopies(w.config().layers(), new SoftmaxOracleAttention()));
        int[] ids = new int[EXTEND_TO];
        Random random = new Random(3);
        for (int i = 0; i < ids.length; i++) {
            ids[i] = 1 + random.nextInt(TinyBertOnnx.VOCAB - 1);
        }
        try (OnnxReference reference = new OnnxReference(r.onnxBytes(), 1)) {
            Agreement a = Agreement.of(encoder.forward(ids, null, null), reference.run(ids, null), ids.length, TinyBertOnnx.HIDDEN, null);
            assertTrue(a.minCosine() >= 0.99999 && a.maxAbsDiff() <= 1e-5, a.toString());
        }
    }

    @Test
    void theSourceExportStillRefusesMoreThanItsPositions() {
        // the control for the test above: without the rewrite ONNX Runtime cannot run 150 tokens
        byte[] bytes = TinyBertOnnx.build(Variant.fused().withPositionIds(PositionIds.INITIALIZER)).bytes();
        int[] ids = new int[EXTEND_TO];
        java.util.Arrays.fill(ids, 3);
        try (OnnxReference reference = new OnnxReference(bytes, 1)) {
            assertThrows(RuntimeException.class, () -> reference.run(ids, null));
        }
    }

    @ParameterizedTest
    @EnumSource(value = PositionIds.class, names = {"INITIALIZER", "CONSTANT_NODE"})
    void theIdsAreWidenedInPlaceOfTheOldOnes(PositionIds source) throws Exception {
        byte[] bytes = TinyBertOnnx.build(Variant.fused().withPositionIds(source)).bytes();
        PositionTableRewriter.Rewritten r = PositionTableRewriter.rewrite(bytes, "tiny", new PositionExtension(PositionMethod.COPY, EXTEND_TO));
        ModelProto before = ModelProto.parseFrom(bytes);
        ModelProto after = ModelProto.parseFrom(r.onnxBytes());
        assertEquals(before.getGraph().getNodeCount(), after.getGraph().getNodeCount());
        assertEquals(before.getGraph().getInitializerCount(), after.getGraph().getInitializerCount());
        OnnxGraph g = new OnnxGraph(after.getGraph(), "tiny");
        long[] ids = g.longs(r.table().idsSource());
        assertEquals(java.util.List.of(1L, (long) EXTEND_TO), g.dims(r.table().idsSource()));
        for (int p = 0; p < EXTEND_TO; p++) {
            assertEquals(p, ids[p]);
        }
    }

    @Test
    void rangePositionsNeedOnlyTheTable() {
        byte[] bytes = TinyBertOnnx.build(Variant.fused()).bytes();
        assertNull(PositionTableRewriter.rewrite(bytes, "tiny", new PositionExtension(PositionMethod.COPY, EXTEND_TO)).table().idsSource());
    }

    @Test
    void refusesPositionsThatAreNotAbsoluteFromZero() {
        byte[] range = TinyBertOnnx.build(Variant.fused().withPositionStart(2)).bytes();
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> PositionTableRewriter.rewrite(range, "tiny.onnx", new PositionExtension(PositionMethod.COPY, EXTEND_TO)));
        assertEquals("cannot extend the positions of tiny.onnx: no learned absolute position table (found "
                + "embeddings.word_embeddings.weight [20 x 8] indexed by the graph input input_ids; "
                + "embeddings.token_type_embeddings.weight [2 x 8] indexed by the graph input token_type_ids; "
                + "embeddings.position_embeddings.weight [64 x 8] indexed by Range /embeddings/Range (not positions 0..n-1))", e.getMessage());

        byte[] offset = TinyBertOnnx.build(Variant.fused().withoutTokenTypes().withPositionIds(PositionIds.CONSTANT_NODE).withPositionStart(2)).bytes();
        e = assertThrows(ModelLoadException.class,
                () -> PositionTableRewriter.rewrite(offset, "tiny.onnx", new PositionExtension(PositionMethod.COPY, EXTEND_TO)));
        assertEquals("cannot extend the positions of tiny.onnx: no learned absolute position table (found "
                + "embeddings.word_embeddings.weight [20 x 8] indexed by the graph input input_ids; "
                + "embeddings.token_type_embeddings.weight [2 x 8] indexed by the constant Constant node /embeddings/Constant_type0; "
                + "embeddings.position_embeddings.weight [64 x 8] indexed by the constant Constant node /embeddings/Constant_position_ids)",
                e.getMessage());
    }

    @Test
    void refusesAnExtensionThatDoesNotGoPastTheLearnedRows() {
        byte[] bytes = TinyBertOnnx.build(Variant.fused()).bytes();
        ModelLoadException e = assertThrows(ModelLoadException.class,
                () -> PositionTableRewriter.rewrite(bytes, "tiny.onnx", new PositionExtension(PositionMethod.COPY, 64)));
        assertEquals("positions.extendTo 64 must exceed the 64 positions tiny.onnx already has", e.getMessage());
    }
}
