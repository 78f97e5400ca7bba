package org.attentionlab.core.reference;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.InvalidProtocolBufferException;
import org.attentionlab.core.decoder.synthetic.Gpt2Export;
import org.attentionlab.core.model.ModelLoadException;
import org.attentionlab.core.testing.TinyBertOnnx;
import org.junit.jupiter.api.Test;

/**
 * The session plumbing both references share ({@link ReferenceRuntime}), seen through each of them: ids fed in the
 * type the export declares (an int32 export computes what its int64 twin does), a non-integer id input and bytes
 * that are not a model refused in one line.
 */
class ReferenceRuntimeTest {

    private static final byte[] ENCODER = TinyBertOnnx.build(TinyBertOnnx.Variant.fused()).bytes();
    private static final byte[] DECODER = Gpt2Export.write(Gpt2Export.Options.tiny().withPast(true)).onnx();

    /** The export with the given graph inputs declared as {@code type} (ONNX's Gather takes int32 or int64 indices). */
    private static byte[] withInputType(byte[] onnx, int type, String... names) throws InvalidProtocolBufferException {
        ModelProto model = ModelProto.parseFrom(onnx);
        var graph = model.getGraph().toBuilder();
        int changed = 0;
        for (int i = 0; i < graph.getInputCount(); i++) {
            ValueInfoProto in = graph.getInput(i);
            if (java.util.List.of(names).contains(in.getName())) {
                var typed = in.toBuilder();
                typed.getTypeBuilder().getTensorTypeBuilder().setElemType(type);
                graph.setInput(i, typed);
                changed++;
            }
        }
        assertEquals(names.length, changed, "inputs present in the export");
        return model.toBuilder().setGraph(graph).build().toByteArray();
    }

    @Test
    void anEncoderWithInt32IdsComputesWhatItsInt64TwinDoes() throws Exception {
        byte[] int32 = withInputType(ENCODER, TensorProto.DataType.INT32_VALUE, "input_ids");
        int[][] batch = {{1, 2, 3, 4, 5}, {6, 7, 8, 0, 0}};
        int[][] mask = {{1, 1, 1, 1, 1}, {1, 1, 1, 0, 0}};
        try (OnnxReference longs = new OnnxReference(ENCODER, 1); OnnxReference ints = new OnnxReference(int32, 1)) {
            float[][] expected = longs.run(batch, mask, null);
            float[][] actual = ints.run(batch, mask, null);
            for (int b = 0; b < batch.length; b++) {
                assertArrayEquals(expected[b], actual[b], 0f, "sequence " + b);
            }
        }
    }

    @Test
    void aDecoderWithInt32IdsAndPositionsComputesWhatItsInt64TwinDoes() throws Exception {
        byte[] int32 = withInputType(DECODER, TensorProto.DataType.INT32_VALUE, "input_ids", "position_ids");
        int[] prompt = {5, 17, 3, 42, 8, 60}; // below the tiny vocabulary of 96
        try (OnnxDecoderReference longs = new OnnxDecoderReference(DECODER, 1); OnnxDecoderReference ints = new OnnxDecoderReference(int32, 1);
             ReferenceDecodeSession a = longs.startDecode(); ReferenceDecodeSession b = ints.startDecode()) {
            assertArrayEquals(longs.logits(prompt), ints.logits(prompt), 0f);
            assertArrayEquals(a.prefill(prompt), b.prefill(prompt), 0f);
            assertArrayEquals(a.step(5), b.step(5), 0f, "a cached step: position " + prompt.length + " fed as int32");
        }
    }

    /** The export with one more graph input, read by no node (ONNX Runtime loads that; the reference must feed it). */
    private static byte[] withUnusedInput(byte[] onnx, String name, int type) throws InvalidProtocolBufferException {
        ModelProto model = ModelProto.parseFrom(onnx);
        ValueInfoProto.Builder in = ValueInfoProto.newBuilder().setName(name);
        in.getTypeBuilder().getTensorTypeBuilder().setElemType(type);
        return model.toBuilder().setGraph(model.getGraph().toBuilder().addInput(in)).build().toByteArray();
    }

    @Test
    void aFloatIdInputIsRefusedByBothReferences() throws Exception {
        byte[] encoder = withUnusedInput(TinyBertOnnx.build(TinyBertOnnx.Variant.fused().withoutTokenTypes()).bytes(), "token_type_ids",
                TensorProto.DataType.FLOAT_VALUE);
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> new OnnxReference(encoder, 1));
        assertEquals("the model's input 'token_type_ids' has type FLOAT, expected int64 or int32", e.getMessage());
        byte[] decoder = withUnusedInput(Gpt2Export.write(Gpt2Export.Options.tiny().withLayout(false, true, Gpt2Export.Conv1d.GEMM, true))
                .onnx(), "position_ids", TensorProto.DataType.FLOAT_VALUE);
        ModelLoadException d = assertThrows(ModelLoadException.class, () -> new OnnxDecoderReference(decoder, 1));
        assertEquals("the model's input 'position_ids' has type FLOAT, expected int64 or int32", d.getMessage());
    }

    @Test
    void bytesThatAreNotAModelAreRefusedInOneLineByBoth() {
        for (ModelLoadException e : new ModelLoadException[] {
                assertThrows(ModelLoadException.class, () -> new OnnxReference(new byte[] {1, 2, 3}, 1)),
                assertThrows(ModelLoadException.class, () -> new OnnxDecoderReference(new byte[] {1, 2, 3}, 1))}) {
            assertTrue(e.getMessage().startsWith("ONNX Runtime cannot load the model ("), e.getMessage());
            assertEquals(1, e.getMessage().lines().count(), e.getMessage());
        }
    }

    @Test
    void threadsBelowOneAreRefusedByBoth() {
        assertEquals("intra-op threads must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new OnnxReference(ENCODER, 0)).getMessage());
        assertEquals("intra-op threads must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> new OnnxDecoderReference(DECODER, 0)).getMessage());
    }
}
