package org.attentionlab.core.reference;

import java.util.HashMap;
import java.util.Map;
import java.util.Set;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
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

    private final ReferenceRuntime runtime;
    private final String output;

    /**
     * @param onnxBytes      the .onnx file's bytes
     * @param intraOpThreads threads ONNX Runtime may use inside one operator (>= 1)
     * @throws ModelLoadException if ONNX Runtime cannot load the model or its inputs are not a BERT encoder's
     */
    public OnnxReference(byte[] onnxBytes, int intraOpThreads) {
        runtime = new ReferenceRuntime(onnxBytes, intraOpThreads);
        OrtSession session = runtime.session();
        try {
            for (Map.Entry<String, NodeInfo> in : session.getInputInfo().entrySet()) {
                String name = in.getKey();
                if (!Set.of(INPUT_IDS, ATTENTION_MASK, TOKEN_TYPE_IDS).contains(name)) {
                    throw new ModelLoadException("the model has an input '" + name + "' the reference cannot feed (known: "
                            + INPUT_IDS + ", " + ATTENTION_MASK + ", " + TOKEN_TYPE_IDS + ")");
                }
                runtime.acceptIds(name, in.getValue());
            }
            if (!runtime.takes(INPUT_IDS)) {
                throw new ModelLoadException("the model has no '" + INPUT_IDS + "' input (inputs: " + session.getInputNames() + ")");
            }
            Set<String> outputs = session.getOutputNames();
            output = outputs.contains(LAST_HIDDEN_STATE) ? LAST_HIDDEN_STATE : outputs.iterator().next();
        } catch (OrtException | RuntimeException e) {
            runtime.closeQuietly();
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
        return runtime.takes(TOKEN_TYPE_IDS);
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
        if (!runtime.takes(ATTENTION_MASK) && hasPadding(mask)) {
            throw new IllegalArgumentException("the model has no " + ATTENTION_MASK + " input, so it cannot run padded sequences");
        }
        int[][] types = typeIds == null ? new int[batch][n] : typeIds;
        checkRectangular("type ids", types, batch, n);

        Map<String, OnnxTensor> inputs = new HashMap<>();
        try {
            inputs.put(INPUT_IDS, runtime.ids(INPUT_IDS, ids));
            if (runtime.takes(ATTENTION_MASK)) {
                inputs.put(ATTENTION_MASK, runtime.ids(ATTENTION_MASK, mask));
            }
            if (runtime.takes(TOKEN_TYPE_IDS)) {
                inputs.put(TOKEN_TYPE_IDS, runtime.ids(TOKEN_TYPE_IDS, types));
            }
            try (OrtSession.Result result = runtime.session().run(inputs, Set.of(output))) {
                return ReferenceRuntime.floatOutput(result, output, batch, n, "hidden");
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : inputs.values()) {
                t.close();
            }
        }
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

    @Override
    public void close() {
        runtime.close();
    }
}
