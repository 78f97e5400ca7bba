package org.attentionlab.core.reference;

import java.nio.FloatBuffer;
import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OnnxValue;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import org.attentionlab.core.model.ModelLoadException;

/**
 * One ONNX Runtime session as both references ({@link OnnxReference}, {@link OnnxDecoderReference}) run it: made
 * with the same options, fed integer id inputs (token ids, masks, positions) in the type the export declares, read
 * back as a float output of shape {@code [batch, n, width]}. What the two references feed besides ids, and what
 * they do with the output, stays in each. Not thread-safe.
 */
final class ReferenceRuntime implements AutoCloseable {

    private final OrtEnvironment env;
    private final OrtSession session;
    /** The integer inputs accepted so far, with the type each is fed in. */
    private final Map<String, OnnxJavaType> idTypes = new HashMap<>();

    /**
     * Loads the export. Inter-op parallelism is off (one thread, sequential execution) and idle threads do not
     * spin: the runners time a reference interleaved with the Java model, and ONNX Runtime's threads spinning
     * after each run would take a core from the Java forward that follows.
     *
     * @param intraOpThreads threads ONNX Runtime may use inside one operator (>= 1)
     * @throws ModelLoadException when ONNX Runtime cannot load the bytes (its message's first line)
     */
    ReferenceRuntime(byte[] onnxBytes, int intraOpThreads) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be >= 1, got " + intraOpThreads);
        }
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            session = env.createSession(onnxBytes, options);
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime cannot load the model (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    /** The session, to run and to read its input and output names. */
    OrtSession session() {
        return session;
    }

    /** The environment tensors are made in. */
    OrtEnvironment env() {
        return env;
    }

    /**
     * Accepts {@code name} as an integer input, fed from then on in its declared type.
     *
     * @throws ModelLoadException when the input is not an int64 or int32 tensor
     */
    void acceptIds(String name, NodeInfo info) {
        OnnxJavaType type = info.getInfo() instanceof TensorInfo t ? t.type : null;
        if (type != OnnxJavaType.INT64 && type != OnnxJavaType.INT32) {
            throw new ModelLoadException("the model's input '" + name + "' has type " + (type == null ? "?" : type)
                    + ", expected int64 or int32");
        }
        idTypes.put(name, type);
    }

    /** Whether {@code name} was accepted as an integer input. */
    boolean takes(String name) {
        return idTypes.containsKey(name);
    }

    /** A {@code rows x n} tensor of an accepted integer input, in the type the export declares; the caller closes it. */
    OnnxTensor ids(String name, int[][] rows) throws OrtException {
        int n = rows.length == 0 ? 0 : rows[0].length;
        long[] shape = {rows.length, n};
        if (idTypes.get(name) == OnnxJavaType.INT32) {
            IntBuffer buffer = IntBuffer.allocate(rows.length * n);
            for (int[] row : rows) {
                buffer.put(row);
            }
            return OnnxTensor.createTensor(env, buffer.flip(), shape);
        }
        LongBuffer buffer = LongBuffer.allocate(rows.length * n);
        for (int[] row : rows) {
            for (int v : row) {
                buffer.put(v);
            }
        }
        return OnnxTensor.createTensor(env, buffer.flip(), shape);
    }

    /**
     * The float output {@code name} of a run, one {@code n x width} row-major array per sequence.
     *
     * @param widthName what the last axis is, for the message when the shape is not {@code [batch, n, width]}
     * @throws IllegalStateException when the output is not a float tensor of that shape
     */
    static float[][] floatOutput(OrtSession.Result result, String name, int batch, int n, String widthName) {
        OnnxValue value = result.get(name).orElseThrow();
        if (!(value instanceof OnnxTensor tensor) || tensor.getInfo().type != OnnxJavaType.FLOAT) {
            throw new IllegalStateException("output " + name + " is not a float tensor");
        }
        long[] shape = tensor.getInfo().getShape();
        if (shape.length != 3 || shape[0] != batch || shape[1] != n) {
            throw new IllegalStateException("output " + name + " has shape " + Arrays.toString(shape) + ", expected [" + batch + ", " + n
                    + ", " + widthName + "]");
        }
        int width = Math.toIntExact(shape[2]);
        FloatBuffer buffer = tensor.getFloatBuffer();
        float[][] out = new float[batch][n * width];
        for (float[] row : out) {
            buffer.get(row);
        }
        return out;
    }

    static String firstLine(String message) {
        return message == null ? "" : message.lines().findFirst().orElse("");
    }

    /** Closes the session while another error is on its way out: that error is the one reported. */
    void closeQuietly() {
        try {
            session.close();
        } catch (OrtException ignored) {
            // already failing; the first error is the one reported
        }
    }

    @Override
    public void close() {
        try {
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("cannot close the ONNX Runtime session: " + e.getMessage(), e);
        }
    }
}
