package org.attentionlab.runners.memory;

import org.attentionlab.core.model.BertConfig;

/**
 * The peak-memory estimates of the sweeps' cells, in one place so that validation, the sweeps and
 * the kernel sweep's choice of reference all use the same figures. Every figure is in bytes and
 * saturates at Long.MAX_VALUE instead of overflowing.
 */
public final class CellMemory {

    /** What a cell that cannot fit should change. */
    public static final String ADVICE = "use algorithm: tiled for full attention, fewer threads (measure.threads), smaller contextSizes, "
            + "or a bigger heap (ATTNLAB_JAVA_OPTS=-Xmx<size>)";

    private CellMemory() {
    }

    private static long mul(long... f) {
        return MemoryBudget.saturatedMultiply(f);
    }

    private static long add(long... t) {
        long s = 0;
        for (long x : t) {
            s = MemoryBudget.saturatedAdd(s, x);
        }
        return s;
    }

    // ---- kernel sweeps: random Q, K, V

    /** What a kernel sweep holds at size n before any variant runs: Q, K, V and the reference's output. */
    public static MemoryBudget.Estimate kernelShared(int heads, int dHead, int n) {
        long tensor = mul(heads, n, dHead, Float.BYTES);
        return new MemoryBudget.Estimate(0, mul(4, tensor), 0, 0);
    }

    /**
     * One kernel cell: the shared part, the variant's output and the timing copy, the token-major
     * copies the comparison makes, and both attentions' scratch (the variant and the reference run
     * alternately, so both are live).
     */
    public static MemoryBudget.Estimate kernelCell(int heads, int dHead, int n, long variantScratch, long referenceScratch) {
        long tensor = mul(heads, n, dHead, Float.BYTES);
        return kernelShared(heads, dHead, n).plus(new MemoryBudget.Estimate(0, mul(4, tensor), add(variantScratch, referenceScratch), 0));
    }

    // ---- model sweeps: the Java encoder against ONNX Runtime

    /** Parameters of the encoder, from its shape. */
    static long parameters(BertConfig c) {
        long h = c.hidden();
        long perLayer = 4 * h * h + 2 * h * c.intermediate() + 9 * h + c.intermediate();
        return add(mul(c.vocabSize() + (long) c.maxPositions() + c.typeVocabSize(), h), mul(c.layers(), perLayer));
    }

    /** The weights on the Java side: the export's bytes kept for ONNX Runtime, the float arrays and their packed copies. */
    public static long weights(BertConfig c, long onnxBytes) {
        return add(onnxBytes, mul(2, parameters(c), Float.BYTES));
    }

    /**
     * What a model sweep holds at size n before any variant runs: the documents' ids and the
     * reference's outputs on the heap; ONNX Runtime's unfused attention in native memory (scores
     * and probabilities, heads x n x n each, and the feed-forward's n x intermediate).
     *
     * @param hidden the model's width (a lower bound, 1, when it is not known yet)
     */
    public static MemoryBudget.Estimate modelShared(long weights, int hidden, int heads, int intermediate, int n, long documents) {
        long ids = mul(documents, n, Integer.BYTES);
        long outputs = mul(documents, n, hidden, Float.BYTES);
        long probabilities = add(mul(2, heads, n, n, Float.BYTES), mul(2, n, intermediate, Float.BYTES));
        return new MemoryBudget.Estimate(weights, add(ids, outputs), 0, probabilities);
    }

    /**
     * One model cell: the shared part, the encoder's buffers (the layer activations, per-head copies
     * and the feed-forward) and its output, and the scratch of every attention instance it uses.
     */
    public static MemoryBudget.Estimate modelCell(BertConfig c, long weights, int n, long documents, long attentionScratch) {
        long nh = mul(n, c.hidden(), Float.BYTES);
        long encoder = add(mul(13, nh), mul(n, c.intermediate(), Float.BYTES));
        return modelShared(weights, c.hidden(), c.heads(), c.intermediate(), n, documents)
                .plus(new MemoryBudget.Estimate(0, encoder, attentionScratch, 0));
    }
}
