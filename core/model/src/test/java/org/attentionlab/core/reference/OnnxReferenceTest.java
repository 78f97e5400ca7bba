package org.attentionlab.core.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import org.attentionlab.core.model.ModelLoadException;
import org.attentionlab.core.testing.TinyBertOnnx;
import org.junit.jupiter.api.Test;

class OnnxReferenceTest {

    private static final byte[] TINY = TinyBertOnnx.build(TinyBertOnnx.Variant.fused()).bytes();

    @Test
    void reportsTheRuntimeVersion() {
        assertTrue(OnnxReference.runtimeVersion().matches("\\d+\\.\\d+\\.\\d+.*"), OnnxReference.runtimeVersion());
    }

    @Test
    void returnsTheLastHiddenStatePerSequence() {
        try (OnnxReference ref = new OnnxReference(TINY, 2)) {
            assertEquals("last_hidden_state", ref.outputName());
            int[] a = {1, 2, 3, 4};
            int[] b = {5, 6, 7, 8};
            float[][] batch = ref.run(new int[][] {a, b}, null, null);
            assertEquals(2, batch.length);
            assertEquals(4 * TinyBertOnnx.HIDDEN, batch[0].length);
            assertArrayEquals(ref.run(a, null), batch[0], 1e-6f);
            assertArrayEquals(ref.run(b, new int[4]), batch[1], 1e-6f);
        }
    }

    @Test
    void refusesARaggedBatch() {
        try (OnnxReference ref = new OnnxReference(TINY, 1)) {
            IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                    () -> ref.run(new int[][] {{1, 2, 3}, {1, 2}}, null, null));
            assertEquals("ids row 1 has 2 values, expected 3 (pad every sequence to one length)", e.getMessage());
        }
    }

    @Test
    void refusesAnInputItCannotFeed() throws InvalidProtocolBufferException {
        ModelProto model = ModelProto.parseFrom(TINY);
        ModelProto withPositions = model.toBuilder().setGraph(model.getGraph().toBuilder().addInput(ValueInfoProto.newBuilder()
                .setName("extra_ids").setType(TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder()
                        .setElemType(TensorProto.DataType.INT64_VALUE))))).build();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> new OnnxReference(withPositions.toByteArray(), 1));
        assertEquals("the model has an input 'extra_ids' the reference cannot feed (known: input_ids, attention_mask, token_type_ids)",
                e.getMessage());
    }

    @Test
    void refusesBytesThatAreNotAModel() {
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> new OnnxReference(new byte[] {1, 2, 3}, 1));
        assertTrue(e.getMessage().startsWith("ONNX Runtime cannot load the model ("), e.getMessage());
    }
}
