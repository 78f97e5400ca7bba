package org.attentionlab.core.decoder.synthetic;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

import ai.onnx.proto.OnnxMl.AttributeProto;
import ai.onnx.proto.OnnxMl.GraphProto;
import ai.onnx.proto.OnnxMl.ModelProto;
import ai.onnx.proto.OnnxMl.NodeProto;
import ai.onnx.proto.OnnxMl.OperatorSetIdProto;
import ai.onnx.proto.OnnxMl.TensorProto;
import ai.onnx.proto.OnnxMl.TensorShapeProto;
import ai.onnx.proto.OnnxMl.TypeProto;
import ai.onnx.proto.OnnxMl.ValueInfoProto;
import com.google.protobuf.ByteString;

/**
 * Appends nodes, initializers, inputs and outputs to one ONNX graph, and remembers for every weight the role
 * it plays ({@code layer.0.query.weight}, ...) and the values put there, so that a test can check a reader's
 * mapping exactly. Weights are drawn from one seeded {@link Random}.
 */
public final class OnnxBuilder {

    private final GraphProto.Builder graph;
    private final Random random;
    private final Map<String, float[]> roles = new LinkedHashMap<>();
    /** Values that replace what the writer drew for a role (a model whose weights are derived, not random). */
    private Map<String, float[]> fixed = Map.of();
    private int anonymous = 1000;
    private int constants;

    /** A graph called {@code name} whose weights come from {@code seed}. */
    public OnnxBuilder(String name, long seed) {
        this.graph = GraphProto.newBuilder().setName(name);
        this.random = new Random(seed);
    }

    /**
     * Writes {@code values} instead of the drawn ones for every role they name. The draws still happen, so the
     * roles not named get the same values as without it.
     */
    public OnnxBuilder fix(Map<String, float[]> values) {
        this.fixed = Map.copyOf(values);
        return this;
    }

    /** Role name to the values written for it, in writing order. */
    public Map<String, float[]> roles() {
        return roles;
    }

    /** The graph written so far. */
    public GraphProto graph() {
        return graph.build();
    }

    /** The model: IR 8, default-domain opset {@code opset}. */
    public byte[] model(int opset, String producer) {
        return ModelProto.newBuilder().setIrVersion(8).setProducerName(producer)
                .addOpsetImport(OperatorSetIdProto.newBuilder().setDomain("").setVersion(opset))
                .setGraph(graph).build().toByteArray();
    }

    /** The name torch.onnx.export gives a folded constant: {@code onnx::OP_N}. */
    public String anonymousName(String op) {
        return "onnx::" + op + "_" + (anonymous++);
    }

    /** Gaussian values of standard deviation {@code std} around {@code mean}. */
    public float[] gaussian(int count, float mean, float std) {
        float[] v = new float[count];
        for (int i = 0; i < count; i++) {
            v[i] = mean + std * (float) random.nextGaussian();
        }
        return v;
    }

    /** An initializer holding {@code values} of shape {@code dims}, recorded under {@code role} (null: not a weight). */
    public String initializer(String name, String role, float[] values, long... dims) {
        if (role != null && fixed.containsKey(role)) {
            float[] given = fixed.get(role);
            if (given.length != values.length) {
                throw new IllegalArgumentException("role " + role + " takes " + values.length + " values, " + given.length + " given");
            }
            values = given;
        }
        ByteBuffer raw = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            raw.putFloat(v);
        }
        TensorProto.Builder t = TensorProto.newBuilder().setName(name).setDataType(TensorProto.DataType.FLOAT_VALUE)
                .setRawData(ByteString.copyFrom(raw.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        graph.addInitializer(t);
        if (role != null) {
            roles.put(role, values);
        }
        return name;
    }

    /** A graph input of element type {@code type} with the given dims (a String is a symbolic dim, a Number fixed). */
    public void input(String name, int type, Object... dims) {
        graph.addInput(ValueInfoProto.newBuilder().setName(name).setType(type(type, dims)));
    }

    /** A graph output. */
    public void output(String name, int type, Object... dims) {
        graph.addOutput(ValueInfoProto.newBuilder().setName(name).setType(type(type, dims)));
    }

    private static TypeProto type(int elem, Object... dims) {
        TensorShapeProto.Builder shape = TensorShapeProto.newBuilder();
        for (Object d : dims) {
            if (d instanceof Number n) {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimValue(n.longValue()));
            } else {
                shape.addDim(TensorShapeProto.Dimension.newBuilder().setDimParam(String.valueOf(d)));
            }
        }
        return TypeProto.newBuilder().setTensorType(TypeProto.Tensor.newBuilder().setElemType(elem).setShape(shape)).build();
    }

    /** A node with one output called {@code name + "_output_0"}; returns that output. */
    public String node(String op, String name, List<String> inputs, AttributeProto... attributes) {
        String out = name + "_output_0";
        nodeOutputs(op, name, inputs, List.of(out), attributes);
        return out;
    }

    /** A node with the given outputs. */
    public void nodeOutputs(String op, String name, List<String> inputs, List<String> outputs, AttributeProto... attributes) {
        NodeProto.Builder n = NodeProto.newBuilder().setOpType(op).setName(name).addAllInput(inputs).addAllOutput(outputs);
        for (AttributeProto a : attributes) {
            n.addAttribute(a);
        }
        graph.addNode(n);
    }

    /** A Constant node holding one float. */
    public String constFloat(String scope, float value) {
        return constant(scope, TensorProto.newBuilder().setDataType(TensorProto.DataType.FLOAT_VALUE).addFloatData(value).build());
    }

    /** A Constant node holding an int64 scalar. */
    public String constScalar(String scope, long value) {
        return constant(scope, TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE).addInt64Data(value).build());
    }

    /** A Constant node holding a 1-D int64 vector. */
    public String constInts(String scope, long... values) {
        TensorProto.Builder t = TensorProto.newBuilder().setDataType(TensorProto.DataType.INT64_VALUE).addDims(values.length);
        for (long v : values) {
            t.addInt64Data(v);
        }
        return constant(scope, t.build());
    }

    /** A Constant node {@code scope/Constant_N} holding {@code value}. */
    public String constant(String scope, TensorProto value) {
        String name = scope + "/Constant_" + (constants++);
        return node("Constant", name, List.of(), AttributeProto.newBuilder().setName("value")
                .setType(AttributeProto.AttributeType.TENSOR).setT(value).build());
    }

    /** An integer attribute. */
    public static AttributeProto intAttr(String name, long value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INT).setI(value).build();
    }

    /** A float attribute. */
    public static AttributeProto floatAttr(String name, float value) {
        return AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.FLOAT).setF(value).build();
    }

    /** An integer-list attribute. */
    public static AttributeProto intsAttr(String name, long... values) {
        AttributeProto.Builder a = AttributeProto.newBuilder().setName(name).setType(AttributeProto.AttributeType.INTS);
        for (long v : values) {
            a.addInts(v);
        }
        return a.build();
    }

    /** {@code values} transposed from {@code rows x cols} to {@code cols x rows}. */
    public static float[] transpose(float[] values, int rows, int cols) {
        float[] t = new float[values.length];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                t[c * rows + r] = values[r * cols + c];
            }
        }
        return t;
    }
}
