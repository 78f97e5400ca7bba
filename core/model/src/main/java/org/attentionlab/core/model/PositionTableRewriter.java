package org.attentionlab.core.model;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;
import com.google.protobuf.InvalidProtocolBufferException;

/**
 * Rewrites an ONNX export so that it takes {@code extendTo} positions: the learned table found by
 * {@link PositionTable#locate} is replaced by the extended one, and the constant position ids it is
 * indexed by (an initializer in all-minilm-l6-v2, a Constant node in other exports) are widened to
 * 0..extendTo-1. Every other byte of the graph is kept, so ONNX Runtime runs the same computation
 * as before on more positions; shape annotations of the two replaced values are dropped so that
 * ONNX Runtime infers the new shapes.
 */
public final class PositionTableRewriter {

    private PositionTableRewriter() {
    }

    /** The rewritten export and what was replaced. */
    public record Rewritten(byte[] onnxBytes, PositionTable table) {
    }

    /**
     * @throws ModelLoadException if the bytes are not ONNX, there is no learned absolute position
     *                            table, or extendTo does not exceed its rows
     */
    public static Rewritten rewrite(byte[] onnxBytes, String source, PositionExtension extension) {
        ModelProto model;
        try {
            model = ModelProto.parseFrom(onnxBytes);
        } catch (InvalidProtocolBufferException e) {
            throw new ModelLoadException("not an ONNX model: " + source);
        }
        PositionTable table = PositionTable.locate(model.getGraph(), source);
        try {
            extension.checkAgainst(table.rows(), source);
        } catch (IllegalArgumentException e) {
            throw new ModelLoadException(e.getMessage());
        }
        OnnxGraph graph = new OnnxGraph(model.getGraph(), source);
        float[] extended = extension.method().extend(graph.floats(table.table()), table.rows(), table.width(), extension.extendTo());
        TensorProto newTable = floatTensor(graph.constant(table.table()), extended, extension.extendTo(), table.width());

        GraphProto.Builder g = model.getGraph().toBuilder();
        replaceConstant(g, table.table(), newTable);
        if (table.idsSource() != null) {
            TensorProto oldIds = graph.constant(table.idsSource());
            replaceConstant(g, table.idsSource(), widenedIds(oldIds, extension.extendTo()));
        }
        return new Rewritten(model.toBuilder().setGraph(g).build().toByteArray(), table);
    }

    /** A float tensor with the old one's name, shape {@code rows x width}. */
    private static TensorProto floatTensor(TensorProto old, float[] values, int rows, int width) {
        ByteBuffer raw = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        raw.asFloatBuffer().put(values);
        return TensorProto.newBuilder().setName(old.getName()).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .addDims(rows).addDims(width).setRawData(ByteString.copyFrom(raw.array())).build();
    }

    /** 0..extendTo-1 in the old ids' type and rank, the last dimension widened. */
    private static TensorProto widenedIds(TensorProto old, int extendTo) {
        TensorProto.Builder t = TensorProto.newBuilder().setName(old.getName()).setDataType(old.getDataType());
        for (int i = 0; i < old.getDimsCount() - 1; i++) {
            if (old.getDims(i) != 1) {
                throw new ModelLoadException("position ids of shape " + old.getDimsList() + " cannot be widened (expected [K] or [1, K])");
            }
            t.addDims(1);
        }
        t.addDims(extendTo);
        boolean int64 = old.getDataType() == TensorProto.DataType.INT64_VALUE;
        ByteBuffer raw = ByteBuffer.allocate(extendTo * (int64 ? Long.BYTES : Integer.BYTES)).order(ByteOrder.LITTLE_ENDIAN);
        for (int p = 0; p < extendTo; p++) {
            if (int64) {
                raw.putLong(p);
            } else {
                raw.putInt(p);
            }
        }
        return t.setRawData(ByteString.copyFrom(raw.array())).build();
    }

    /** Replaces an initializer, or the value of the Constant node that outputs {@code name}. */
    static void replaceConstant(GraphProto.Builder g, String name, TensorProto value) {
        boolean replaced = false;
        for (int i = 0; i < g.getInitializerCount(); i++) {
            if (g.getInitializer(i).getName().equals(name)) {
                g.setInitializer(i, value);
                replaced = true;
            }
        }
        for (int i = 0; i < g.getNodeCount() && !replaced; i++) {
            NodeProto node = g.getNode(i);
            if (node.getOpType().equals("Constant") && node.getOutputCount() == 1 && node.getOutput(0).equals(name)) {
                TensorProto unnamed = value.toBuilder().clearName().build();
                NodeProto.Builder b = node.toBuilder().clearAttribute().addAttribute(AttributeProto.newBuilder()
                        .setName("value").setType(AttributeProto.AttributeType.TENSOR).setT(unnamed));
                g.setNode(i, b);
                replaced = true;
            }
        }
        if (!replaced) {
            throw new IllegalStateException(name + " is neither an initializer nor a Constant node's output");
        }
        // stale shape annotations (value_info, or an old-IR graph input that mirrors an initializer)
        for (int i = g.getValueInfoCount() - 1; i >= 0; i--) {
            if (g.getValueInfo(i).getName().equals(name)) {
                g.removeValueInfo(i);
            }
        }
        for (int i = g.getInputCount() - 1; i >= 0; i--) {
            ValueInfoProto in = g.getInput(i);
            if (in.getName().equals(name)) {
                g.removeInput(i);
            }
        }
    }
}
