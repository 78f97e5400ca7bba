package org.attentionlab.core.reference;

import java.nio.FloatBuffer;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import ai.onnxruntime.NodeInfo;
import ai.onnxruntime.OnnxJavaType;
import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import ai.onnxruntime.TensorInfo;
import org.attentionlab.core.model.ModelLoadException;

/**
 * ONNX Runtime (CPU) running a causal LM's export: the logits of a whole sequence, and token-by-token decoding
 * with its KV cache when the export has optimum's with-past layout ({@code past_key_values.{i}.key/.value} in,
 * {@code present.{i}.key/.value} out, each {@code [batch, kvHeads, past, dHead]}). {@code input_ids},
 * {@code attention_mask} (all ones) and {@code position_ids} ({@code past .. past + n - 1}) are fed when the graph
 * has them; a with-past export runs a whole sequence with empty pasts (past length 0), and an optimum merged
 * decoder gets {@code use_cache_branch} false then true. Sessions as {@code ReferenceRuntime} makes them: inter-op
 * one thread, intra-op threads from the caller, no spinning. Not thread-safe.
 */
public final class OnnxDecoderReference implements AutoCloseable {

    static final String INPUT_IDS = "input_ids";
    static final String ATTENTION_MASK = "attention_mask";
    static final String POSITION_IDS = "position_ids";
    static final String USE_CACHE = "use_cache_branch";
    static final String LOGITS = "logits";
    private static final Pattern PAST = Pattern.compile("past_key_values\\.(\\d+)\\.(key|value)");
    private static final Pattern PRESENT = Pattern.compile("present\\.(\\d+)\\.(key|value)");

    private final ReferenceRuntime runtime;
    /** past input name per (layer, key|value), in layer order, key before value. */
    private final List<String> pastInputs = new ArrayList<>();
    private final List<String> presentOutputs = new ArrayList<>();
    private final Map<String, long[]> pastShapes = new HashMap<>();
    private final boolean merged;

    /**
     * @param onnxBytes      the export's bytes
     * @param intraOpThreads ONNX Runtime's threads inside one operator (>= 1)
     * @throws ModelLoadException when ONNX Runtime cannot load it, it has an input the reference cannot feed, no
     *                            {@code logits} output, past inputs without matching present outputs, or it cannot run
     *                            a first token with empty pasts (a past-only export)
     */
    public OnnxDecoderReference(byte[] onnxBytes, int intraOpThreads) {
        runtime = new ReferenceRuntime(onnxBytes, intraOpThreads);
        OrtSession session = runtime.session();
        boolean isMerged = false;
        try {
            TreeMap<String, String> pasts = new TreeMap<>(OnnxDecoderReference::byLayer);
            for (Map.Entry<String, NodeInfo> in : session.getInputInfo().entrySet()) {
                String name = in.getKey();
                TensorInfo info = in.getValue().getInfo() instanceof TensorInfo t ? t : null;
                if (PAST.matcher(name).matches()) {
                    if (info == null || info.type != OnnxJavaType.FLOAT) {
                        throw new ModelLoadException("the model's past input '" + name + "' is not float32");
                    }
                    pasts.put(name, name);
                    pastShapes.put(name, info.getShape());
                } else if (name.equals(USE_CACHE)) {
                    isMerged = true;
                } else if (Set.of(INPUT_IDS, ATTENTION_MASK, POSITION_IDS).contains(name)) {
                    runtime.acceptIds(name, in.getValue());
                } else {
                    throw new ModelLoadException("the model has an input '" + name + "' the decoder reference cannot feed (known: "
                            + INPUT_IDS + ", " + ATTENTION_MASK + ", " + POSITION_IDS + ", past_key_values.N.key/value, " + USE_CACHE + ")");
                }
            }
            if (!runtime.takes(INPUT_IDS)) {
                throw new ModelLoadException("the model has no '" + INPUT_IDS + "' input (inputs: " + session.getInputNames() + ")");
            }
            if (!session.getOutputNames().contains(LOGITS)) {
                throw new ModelLoadException("the model has no '" + LOGITS + "' output (outputs: " + session.getOutputNames() + ")");
            }
            pastInputs.addAll(pasts.values());
            for (String past : pastInputs) {
                String present = past.replace("past_key_values.", "present.");
                if (!session.getOutputNames().contains(present)) {
                    throw new ModelLoadException("the model takes '" + past + "' but has no '" + present + "' output");
                }
                presentOutputs.add(present);
            }
        } catch (OrtException | RuntimeException e) {
            runtime.closeQuietly();
            if (e instanceof ModelLoadException mle) {
                throw mle;
            }
            throw new ModelLoadException("ONNX Runtime cannot read the model's inputs (" + e.getMessage() + ")", e);
        }
        merged = isMerged;
        if (hasPast()) {
            try {
                logits(new int[] {0});
            } catch (RuntimeException e) {
                runtime.closeQuietly();
                throw new ModelLoadException("the export requires past inputs and cannot run a first token with empty pasts ("
                        + ReferenceRuntime.firstLine(e.getMessage()) + "); export its no-past or merged form (optimum-cli export onnx without "
                        + "--task text-generation-with-past, or the decoder_model_merged.onnx)", e);
            }
        }
    }

    private static int byLayer(String a, String b) {
        Matcher ma = PAST.matcher(a);
        Matcher mb = PAST.matcher(b);
        if (ma.matches() && mb.matches()) {
            int c = Integer.compare(Integer.parseInt(ma.group(1)), Integer.parseInt(mb.group(1)));
            return c != 0 ? c : ma.group(2).compareTo(mb.group(2)); // "key" < "value"
        }
        return a.compareTo(b);
    }

    /** True when the export takes past key/values (and so decodes with a cache). */
    public boolean hasPast() {
        return !pastInputs.isEmpty();
    }

    /**
     * The logits of one sequence at positions 0..n-1 (empty pasts when the export has past inputs).
     *
     * @return {@code n x vocab} row-major
     */
    public float[] logits(int[] ids) {
        try (Run run = run(ids, 0, null)) {
            return run.logits;
        }
    }

    /** A token-by-token decoding of one sequence: with the export's cache when it has past inputs, else by recomputing. */
    public ReferenceDecodeSession startDecode() {
        return new ReferenceDecodeSession(this);
    }

    /** One forward's logits and, with past, the present tensors (which the caller closes through {@link #close}). */
    static final class Run implements AutoCloseable {
        final float[] logits;
        final OrtSession.Result result;
        final List<OnnxTensor> presents;

        Run(float[] logits, OrtSession.Result result, List<OnnxTensor> presents) {
            this.logits = logits;
            this.result = result;
            this.presents = presents;
        }

        @Override
        public void close() {
            if (result != null) {
                result.close();
            }
        }
    }

    /**
     * Runs {@code ids} at positions {@code past .. past + n - 1} with the given pasts (null: empty pasts).
     */
    Run run(int[] ids, int past, List<OnnxTensor> pasts) {
        int n = ids.length;
        Map<String, OnnxTensor> inputs = new HashMap<>();
        List<OnnxTensor> owned = new ArrayList<>();
        try {
            int[] positions = new int[n];
            for (int i = 0; i < n; i++) {
                positions[i] = past + i;
            }
            int[] mask = new int[past + n];
            java.util.Arrays.fill(mask, 1);
            feedIds(inputs, owned, INPUT_IDS, ids);
            if (runtime.takes(ATTENTION_MASK)) {
                feedIds(inputs, owned, ATTENTION_MASK, mask);
            }
            if (runtime.takes(POSITION_IDS)) {
                feedIds(inputs, owned, POSITION_IDS, positions);
            }
            for (int i = 0; i < pastInputs.size(); i++) {
                String name = pastInputs.get(i);
                if (pasts != null) {
                    inputs.put(name, pasts.get(i));
                } else {
                    long[] declared = pastShapes.get(name);
                    long[] shape = {1, declared[1], 0, declared[3]};
                    if (shape[1] < 1 || shape[3] < 1) {
                        throw new ModelLoadException("the past input '" + name + "' has no fixed heads and head width: "
                                + java.util.Arrays.toString(declared));
                    }
                    OnnxTensor empty = OnnxTensor.createTensor(runtime.env(), FloatBuffer.allocate(0), shape);
                    owned.add(empty);
                    inputs.put(name, empty);
                }
            }
            if (merged) {
                OnnxTensor flag = OnnxTensor.createTensor(runtime.env(), new boolean[] {pasts != null});
                owned.add(flag);
                inputs.put(USE_CACHE, flag);
            }
            OrtSession.Result result = runtime.session().run(inputs);
            try {
                float[] logits = ReferenceRuntime.floatOutput(result, LOGITS, 1, n, "vocab")[0];
                List<OnnxTensor> presents = new ArrayList<>();
                for (String p : presentOutputs) {
                    presents.add((OnnxTensor) result.get(p).orElseThrow());
                }
                return new Run(logits, result, presents);
            } catch (RuntimeException e) {
                result.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed: " + e.getMessage(), e);
        } finally {
            for (OnnxTensor t : owned) {
                t.close();
            }
        }
    }

    /** One sequence's ids, mask or positions as a {@code 1 x length} input that the run closes. */
    private void feedIds(Map<String, OnnxTensor> inputs, List<OnnxTensor> owned, String name, int[] values) throws OrtException {
        OnnxTensor t = runtime.ids(name, new int[][] {values});
        owned.add(t);
        inputs.put(name, t);
    }

    @Override
    public void close() {
        runtime.close();
    }
}
