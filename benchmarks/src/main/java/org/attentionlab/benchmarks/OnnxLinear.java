package org.attentionlab.benchmarks;

import ai.onnx.proto.OnnxMl;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import com.google.protobuf.ByteString;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Map;

/**
 * The same dense layer run by ONNX Runtime: a two-node model {@code y = MatMul(x, W) + b} built in memory
 * (ORT fuses it into one MLAS SGEMM with the bias), its input and output tensors made once so a call
 * measures the GEMM and the JNI hop, nothing else.
 */
final class OnnxLinear implements AutoCloseable {

    private final OrtSession session;
    private final OnnxTensor input;
    private final OnnxTensor output;
    private final Map<String, OnnxTensor> inputs;
    private final Map<String, OnnxTensor> outputs;

    OnnxLinear(float[] x, int rows, int in, float[] weight, int out, float[] bias, int threads) throws OrtException {
        OrtEnvironment env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(threads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.setOptimizationLevel(OrtSession.SessionOptions.OptLevel.ALL_OPT);
            if (!Boolean.parseBoolean(System.getProperty("ort.spin", "true"))) {
                // ORT's idle intra-op threads spin after each run and take cores from the Java side.
                options.addConfigEntry("session.intra_op.allow_spinning", "0");
            }
            session = env.createSession(model(rows, in, weight, out, bias), options);
        }
        input = OnnxTensor.createTensor(env, direct(x), new long[] {rows, in});
        output = OnnxTensor.createTensor(env, direct(new float[rows * out]), new long[] {rows, out});
        inputs = Map.of("x", input);
        outputs = Map.of("y", output);
    }

    /** Runs the model into the pinned output tensor. */
    void forward() throws OrtException {
        session.run(inputs, outputs).close();
    }

    /** The last output, copied out. */
    float[] result() {
        FloatBuffer buffer = output.getFloatBuffer();
        float[] y = new float[buffer.remaining()];
        buffer.get(y);
        return y;
    }

    @Override
    public void close() throws OrtException {
        input.close();
        output.close();
        session.close();
    }

    private static byte[] model(int rows, int in, float[] weight, int out, float[] bias) {
        OnnxMl.GraphProto graph = OnnxMl.GraphProto.newBuilder()
                .setName("linear")
                .addInput(value("x", rows, in))
                .addOutput(value("y", rows, out))
                .addInitializer(tensor("w", weight, in, out))
                .addInitializer(tensor("b", bias, out))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("MatMul").setName("matmul")
                        .addInput("x").addInput("w").addOutput("xw"))
                .addNode(OnnxMl.NodeProto.newBuilder().setOpType("Add").setName("add")
                        .addInput("xw").addInput("b").addOutput("y"))
                .build();
        return OnnxMl.ModelProto.newBuilder()
                .setIrVersion(8)
                .addOpsetImport(OnnxMl.OperatorSetIdProto.newBuilder().setDomain("").setVersion(17))
                .setProducerName("attention-lab benchmarks")
                .setGraph(graph)
                .build()
                .toByteArray();
    }

    private static OnnxMl.ValueInfoProto value(String name, long... dims) {
        OnnxMl.TensorShapeProto.Builder shape = OnnxMl.TensorShapeProto.newBuilder();
        for (long d : dims) {
            shape.addDim(OnnxMl.TensorShapeProto.Dimension.newBuilder().setDimValue(d));
        }
        return OnnxMl.ValueInfoProto.newBuilder().setName(name)
                .setType(OnnxMl.TypeProto.newBuilder().setTensorType(OnnxMl.TypeProto.Tensor.newBuilder()
                        .setElemType(OnnxMl.TensorProto.DataType.FLOAT.getNumber()).setShape(shape)))
                .build();
    }

    private static OnnxMl.TensorProto tensor(String name, float[] values, long... dims) {
        ByteBuffer bytes = ByteBuffer.allocate(values.length * Float.BYTES).order(ByteOrder.LITTLE_ENDIAN);
        bytes.asFloatBuffer().put(values);
        OnnxMl.TensorProto.Builder t = OnnxMl.TensorProto.newBuilder().setName(name)
                .setDataType(OnnxMl.TensorProto.DataType.FLOAT.getNumber())
                .setRawData(ByteString.copyFrom(bytes.array()));
        for (long d : dims) {
            t.addDims(d);
        }
        return t.build();
    }

    private static FloatBuffer direct(float[] values) {
        FloatBuffer buffer = ByteBuffer.allocateDirect(values.length * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        buffer.put(values).rewind();
        return buffer;
    }
}
