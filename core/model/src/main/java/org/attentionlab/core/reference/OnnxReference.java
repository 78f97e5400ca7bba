package org.attentionlab.core.reference;

import java.nio.IntBuffer;
import java.nio.LongBuffer;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;

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
 * The reference: ONNX Runtime (Java API, CPU) running the same ONNX export on the same token ids,
 * attention mask and token type ids. Inter-op parallelism is off (one thread, sequential execution);
 * intra-op threads come from the experiment. Its output is the model's {@code last_hidden_state}
 * (or its first output when none has that name). Not thread-safe: one run at a time.
 */
public final class OnnxReference implements AutoCloseable {

    static final String INPUT_IDS = "input_ids";
    static final String ATTENTION_MASK = "attention_mask";
    static final String TOKEN_TYPE_IDS = "token_type_ids";
    static final String LAST_HIDDEN_STATE = "last_hidden_state";

    private final OrtEnvironment env;
    private final OrtSession session;
    private final String output;
    private final Map<String, OnnxJavaType> inputTypes = new HashMap<>();

    /**
     * @param onnxBytes      the .onnx file's bytes
     * @param intraOpThreads threads ONNX Runtime may use inside one operator (>= 1)
     * @throws ModelLoadException if ONNX Runtime cannot load the model or its inputs are not a BERT encoder's
     */
    public OnnxReference(byte[] onnxBytes, int intraOpThreads) {
        if (intraOpThreads < 1) {
            throw new IllegalArgumentException("intra-op threads must be >= 1, got " + intraOpThreads);
        }
        env = OrtEnvironment.getEnvironment();
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(intraOpThreads);
            options.setInterOpNumThreads(1);
            options.setExecutionMode(OrtSession.SessionOptions.ExecutionMode.SEQUENTIAL);
            // The runners time the reference interleaved with the Java model; ONNX Runtime's idle threads
            // would otherwise spin after each run and take a core from the Java forward that follows.
            options.addConfigEntry("session.intra_op.allow_spinning", "0");
            session = env.createSession(onnxBytes, options);
        } catch (OrtException e) {
            throw new ModelLoadException("ONNX Runtime cannot load the model (" + e.getMessage() + ")", e);
        }
        try {
            for (Map.Entry<String, NodeInfo> in : session.getInputInfo().entrySet()) {
                String name = in.getKey();
                if (!Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS).contains(name)) {
                    throw new ModelLoadException("the model has an input '" + name + "' the reference cannot feed (known: "
                            + INPUT_IDS + ", " + ATTENTION_MASK + ", " + TOKEN_TYPE_IDS + ")");
                }
                OnnxJavaType type = in.getValue().getInfo() instanceof TensorInfo t ? t.type : null;
                if (type != OnnxJavaType.INT64 && type != OnnxJavaType.INT32) {
                    throw new ModelLoadException("the model's input '" + name + "' has type " + type + ", expected int64 or int32");
                }
                inputTypes.put(name, type);
            }
            if (!inputTypes.containsKey(INPUT_IDS)) {
                throw new ModelLoadException("the model has no '" + INPUT_IDS + "' input (inputs: " + session.getInputNames() + ")");
            }
            Set<String> outputs = session.getOutputNames();
            output = outputs.contains(LAST_HIDDEN_STATE) ? LAST_HIDDEN_STATE : outputs.iterator().next();
        } catch (OrtException | RuntimeException e) {
            closeQuietly();
            if (e instanceof ModelLoadException mle) {
                throw mle;
            }
            throw new ModelLoadException("ONNX Runtime cannot read the model's inputs (" + e.getMessage() + ")", e);
        }
    }

    /** The ONNX Runtime version, for results. */
    public static String runtimeVersion() {
        return OrtEnvironment.getEnvironment().getVersion();
    }

    /** The name of the output this reference returns. */
    public String outputName() {
        return output;
    }

    /** Whether the model takes token type ids (some exports drop the input). */
    public boolean takesTokenTypes() {
        return inputTypes.containsKey(TOKEN_TYPE_IDS);
    }

    /** One unpadded sequence; {@code typeIds} may be null (all 0). Returns {@code n x hidden}. */
    public float[] run(int[] ids, int[] typeIds) {
        int[] mask = new int[ids.length];
        java.util.Arrays.fill(mask, 1);
        return run(new int[][] {ids}, new int[][] {mask}, typeIds == null ? null : new int[][] {typeIds})[0];
    }

    /**
     * A batch of sequences of one padded length.
     *
     * @param ids           {@code batch x n} token ids
     * @param attentionMask {@code batch x n}, 1 for real tokens and 0 for padding; null for all real
     * @param typeIds       {@code batch x n}, or null for all 0
     * @return per sequence the last hidden state, {@code n x hidden} row-major
     */
    public float[][] run(int[][] ids, int[][] attentionMask, int[][] typeIds) {
        int batch = ids.length;
        if (batch == 0) {
            return new float[0][];
        }
        int n = ids[0].length;
        checkRectangular("ids", ids, batch, n);
        int[][] mask = attentionMask;
        if (mask == null) {
            mask = new int[batch][n];
            for (int[] row : mask) {
                java.util.Arrays.fill(row, 1);
            }
        }
        checkRectangular("attention mask", mask, batch, n);
        if (!inputTypes.containsKey(ATTENTION_MASK) && hasPadding(mask)) {
            throw new IllegalArgumentException("the model has no " + ATTENTION_MASK + " input, so it cannot run padded sequences");
        }
        int[][] types = typeIds == null ? new int[batch][n] : typeIds;
        checkRectangular("type ids", types, batch, n);

        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(INPUT_IDS, tensor(INPUT_IDS, ids, batch, n));
            if (inputTypes.containsKey(ATTENTION_MASK)) {
                inputs.put(ATTENTION_MASK, tensor(ATTENTION_MASK, mask, batch, n));
            }
            if (inputTypes.containsKey(TOKEN_TYPE_IDS)) {
                inputs.put(TOKEN_TYPE_IDS, tensor(TOKEN_TYPE_IDS, types, batch, n));
            }
            try (OrtSession.Result result = session.run(inputs, Set.of(output))) {
                OnnxValue value = result.get(output).orElseThrow();
                if (!(value instanceof OnnxTensor tensor) || tensor.getInfo().type != OnnxJavaType.FLOAT) {
                    throw new IllegalStateException("output " + output + " is not a float tensor");
                }
                long[] shape = tensor.getInfo().getShape();
                if (shape.length != 3 || shape[0] != batch || shape[1] != n) {
                    throw new IllegalStateException("output " + output + " has shape " + java.util.Arrays.toString(shape)
                            + ", expected [" + batch + ", " + n + ", hidden]");
                }
                int width = Math.toIntExact(shape[2]);
                java.nio.FloatBuffer buffer = tensor.getFloatBuffer();
                float[][] out = new float[batch][n * width];
                for (int b = 0; b < batch; b++) {
                    buffer.get(out[b]);
                }
                return out;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : inputs.values()) {
                t.close();
            }
        }
    }

    private OnnxTensor tensor(String name, int[][] values, int batch, int n) throws OrtException {
        long[] shape = {batch, n};
        if (inputTypes.get(name) == OnnxJavaType.INT32) {
            IntBuffer buffer = IntBuffer.allocate(batch * n);
            for (int[] row : values) {
                buffer.put(row);
            }
            buffer.flip();
            return OnnxTensor.createTensor(env, buffer, shape);
        }
        LongBuffer buffer = LongBuffer.allocate(batch * n);
        for (int[] row : values) {
            for (int v : row) {
                buffer.put(v);
            }
        }
        buffer.flip();
        return OnnxTensor.createTensor(env, buffer, shape);
    }

    private static boolean hasPadding(int[][] mask) {
        for (int[] row : mask) {
            for (int m : row) {
                if (m == 0) {
                    return true;
                }
            }
        }
        return false;
    }

    private static void checkRectangular(String what, int[][] rows, int batch, int n) {
        if (rows.length != batch) {
            throw new IllegalArgumentException(what + " has " + rows.length + " rows for a batch of " + batch);
        }
        for (int b = 0; b < batch; b++) {
            if (rows[b].length != n) {
                throw new IllegalArgumentException(what + " row " + b + " has " + rows[b].length + " values, expected " + n
                        + " (pad every sequence to one length)");
            }
        }
    }

    private void closeQuietly() {
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
