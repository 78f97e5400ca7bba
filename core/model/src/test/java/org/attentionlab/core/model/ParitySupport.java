package org.attentionlab.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.reference.OnnxReference;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.testing.Agreement;
import org.attentionlab.core.testing.SoftmaxOracleAttention;
import org.attentionlab.core.text.Corpus;
import org.attentionlab.core.text.TextTokenizer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The Java encoder with plain softmax attention against ONNX Runtime on real Europarl text: the bound
 * every accuracy figure of the framework rests on. One subclass per built-in model; the model is
 * loaded once per class.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class ParitySupport {

    static final double MIN_COSINE = 0.99999;
    static final double MAX_ABS = 1e-3;

    private TextTokenizer tokenizer;
    private BertEncoder encoder;
    private OnnxReference reference;
    private final List<String> figures = Collections.synchronizedList(new ArrayList<>());
    private int threadsBefore;
    private int threads;

    abstract String modelName();

    @BeforeAll
    void load() {
        // both sides may use the machine's cores (up to 4): the 512-token cases stay at seconds
        threadsBefore = Parallel.threads();
        threads = Math.max(1, Math.min(4, Runtime.getRuntime().availableProcessors()));
        Parallel.setThreads(threads);
        ModelSource source = ModelSource.builtIn(modelName());
        BertWeights weights = source.weights();
        Attention oracle = new SoftmaxOracleAttention();
        encoder = new BertEncoder(weights, Collections.nCopies(weights.config().layers(), oracle));
        reference = new OnnxReference(source.onnxBytes(), threads);
        tokenizer = source.tokenizer();
    }

    @AfterAll
    void close() {
        figures.forEach(f -> System.out.println("[parity] " + modelName() + " " + f));
        tokenizer.close();
        reference.close();
        Parallel.setThreads(threadsBefore);
    }

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {8, 32, 128, 512})
    void matchesOnnxRuntimeOnEuroparl(int n) {
        int[] ids = Corpus.europarlEnglish().documents(tokenizer, n, 1).get(0);
        float[] java = encoder.forward(ids, null, null);
        float[] ref = reference.run(ids, null);
        Agreement a = Agreement.of(java, ref, n, encoder.config().hidden(), null);
        figures.add("n=" + n + ": " + a);
        assertEquals(n, a.tokens());
        assertTrue(a.minCosine() >= MIN_COSINE, "n=" + n + ": " + a);
        assertTrue(a.maxAbsDiff() <= MAX_ABS, "n=" + n + ": " + a);
    }

    @Test
    void aForwardAllocatesLittleBeyondItsOutput() {
        int n = 64;
        int[] ids = Corpus.europarlEnglish().documents(tokenizer, n, 1).get(0);
        // on one thread, so that every allocation is this thread's (a pool adds its own task objects)
        Parallel.setThreads(1);
        long allocated;
        try {
            // the first forward grows the scratch to n; the next ones give C2 time to compile the vector
            // kernels (until then each vector operation allocates a box: a JIT warm-up cost, not garbage)
            for (int warmUp = 0; warmUp < 5; warmUp++) {
                encoder.forward(ids, null, null);
            }
            // The steady state is the smallest of several forwards: on a loaded machine C2 may still be
            // compiling long after the warm-up (its queue is shared with every other JVM's work), and a
            // forward that runs interpreted code allocates boxes. So measure until one forward is within
            // the bound, up to a count that a kernel allocating on every forward never escapes.
            com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) java.lang.management.ManagementFactory.getThreadMXBean();
            allocated = Long.MAX_VALUE;
            for (int measured = 0; measured < 200 && allocated >= bound(ids.length); measured++) {
                long before = bean.getCurrentThreadAllocatedBytes();
                encoder.forward(ids, null, null);
                allocated = Math.min(allocated, bean.getCurrentThreadAllocatedBytes() - before);
            }
        } finally {
            Parallel.setThreads(threads);
        }
        long output = outputBytes(ids.length);
        figures.add("bytes allocated by a forward at n=" + n + ": " + allocated + " (output " + output + ")");
        assertTrue(allocated < bound(ids.length), "allocated " + allocated + " bytes, output " + output);
    }

    /** The output array of one forward at n tokens (one n x hidden scratch buffer is as big as this). */
    private long outputBytes(int n) {
        return 16 + (long) Float.BYTES * n * encoder.config().hidden();
    }

    /** What a steady-state forward may allocate: its output and 32 KiB of small objects. */
    private long bound(int n) {
        return outputBytes(n) + 32 * 1024;
    }

    @Test
    void matchesOnnxRuntimeOnAPaddedBatch() {
        List<int[]> docs = Corpus.europarlEnglish().documents(tokenizer, 40, 1);
        int[] longer = docs.get(0);
        int[] shorter = Corpus.europarlEnglish().documents(tokenizer, 23, 2).get(1);
        int n = longer.length;
        int[][] ids = {longer, Arrays.copyOf(shorter, n)};
        Arrays.fill(ids[1], shorter.length, n, tokenizer.padId());
        int[][] mask = new int[2][n];
        boolean[][] masks = new boolean[2][n];
        for (int b = 0; b < 2; b++) {
            int real = b == 0 ? longer.length : shorter.length;
            Arrays.fill(mask[b], 0, real, 1);
            Arrays.fill(masks[b], 0, real, true);
        }
        float[][] ref = reference.run(ids, mask, null);
        float[][] java = encoder.forwardBatch(ids, null, masks);
        for (int b = 0; b < 2; b++) {
            Agreement a = Agreement.of(java[b], ref[b], n, encoder.config().hidden(), masks[b]);
            figures.add("padded batch row " + b + ": " + a);
            assertEquals(b == 0 ? longer.length : shorter.length, a.tokens());
            assertTrue(a.minCosine() >= MIN_COSINE, "row " + b + ": " + a);
            assertTrue(a.maxAbsDiff() <= MAX_ABS, "row " + b + ": " + a);
        }
        // padding must not leak into the real tokens: the padded row agrees with the same text unpadded
        float[] alone = reference.run(shorter, null);
        Agreement unpadded = Agreement.of(Arrays.copyOf(java[1], shorter.length * encoder.config().hidden()), alone,
                shorter.length, encoder.config().hidden(), null);
        figures.add("padded row vs unpadded reference: " + unpadded);
        assertTrue(unpadded.minCosine() >= MIN_COSINE && unpadded.maxAbsDiff() <= MAX_ABS, unpadded.toString());
    }
}
