package org.attentionlab.runners.config;

import java.util.function.IntFunction;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.model.BertConfig;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.core.text.CorpusSample;

/**
 * What can only be checked once the model, its tokenizer and the corpus are read (no forward pass):
 * context sizes and layer indices against the model's shape, the tokenizer's ids against its vocabulary,
 * documents that would repeat text, and the Java heap the largest cell needs. {@code validate} and
 * {@code run} call the same checks, so validate passes exactly what run accepts.
 */
public final class ModelChecks {

    private static final long MIB = 1L << 20;

    private ModelChecks() {
    }

    public static void check(ExperimentConfig c, BertConfig shape, ConfigSource src) {
        for (int i = 0; i < c.contextSizes().size(); i++) {
            int n = c.contextSizes().get(i);
            if (n > shape.maxPositions()) {
                throw new ConfigException(src.at("/contextSizes/" + i) + "context size " + n + " exceeds the maximum positions "
                        + shape.maxPositions() + " of " + c.reference().displayName());
            }
        }
        for (int i = 0; i < c.variants().size(); i++) {
            VariantSpec v = c.variants().get(i);
            if (v.layers() == null) {
                continue;
            }
            for (int layer : v.layers()) {
                if (layer >= shape.layers()) {
                    throw new ConfigException(src.at("/variants/" + i + "/layers") + "variants[" + i + "]: layer " + layer
                            + " does not exist; " + c.reference().displayName() + " has layers 0 to " + (shape.layers() - 1));
                }
            }
        }
    }

    /** A tokenizer whose ids have no row in the model's word embeddings would fail inside the forward pass. */
    public static void checkTokenizer(ExperimentConfig c, BertConfig shape, int tokenizerMaxId, ConfigSource src) {
        if (tokenizerMaxId >= shape.vocabSize()) {
            String tokenizer = c.reference().isBuiltIn() ? c.reference().model() + "'s tokenizer" : c.reference().tokenizer();
            throw new ConfigException(src.at("/reference") + "the tokenizer does not fit the model: " + tokenizer + " has ids up to "
                    + tokenizerMaxId + ", " + c.reference().displayName() + " has a vocabulary of " + shape.vocabSize()
                    + " (is it the tokenizer of another model?)");
        }
    }

    /**
     * Documents that repeat text (a corpus too small for {@code documents} at some n) are refused unless
     * {@code corpus.allowRepeats}: means over identical documents are not means over documents.
     *
     * @param sampleAt the documents of one context size, as the sweep will use them
     */
    public static void checkCorpus(ExperimentConfig c, IntFunction<CorpusSample> sampleAt, String corpusName, ConfigSource src) {
        if (c.corpus().repeatsAllowed()) {
            return;
        }
        for (int n : c.contextSizes()) {
            CorpusSample sample = sampleAt.apply(n);
            if (sample.repeatsText()) {
                int docs = sample.documents().size();
                throw new ConfigException(src.at("/corpus") + "the corpus is too small: " + docs + " document" + (docs == 1 ? "" : "s")
                        + " of " + n + " tokens would repeat text (they read " + sample.linesUsed() + " lines; " + corpusName + " has "
                        + sample.distinctLines() + " distinct line" + (sample.distinctLines() == 1 ? "" : "s")
                        + "); give more text, fewer documents, or corpus: { allowRepeats: true }");
            }
        }
    }

    /**
     * Heap the largest cell needs beyond the loaded model: the reference outputs of every document, the
     * encoder's activations per thread, and the attention's own scratch (its plugin's analytic cost) per thread.
     */
    public static long cellBytes(ExperimentConfig c, BertConfig shape, PluginRegistry plugins) {
        int n = c.contextSizes().stream().max(Integer::compare).orElseThrow();
        int threads = c.measure().threads();
        long referenceOut = (long) c.corpus().documents() * n * shape.hidden() * Float.BYTES * 2;
        long activations = (long) n * (8L * shape.hidden() + 2L * shape.intermediate()) * Float.BYTES * threads;
        AttentionShape attention = new AttentionShape(n, shape.heads(), shape.headDim(), false);
        long scratch = 0;
        for (VariantSpec v : c.variants()) {
            scratch = Math.max(scratch, plugins.factory(v.name()).create(v.params()).cost(attention).scratchBytes());
        }
        scratch = Math.max(scratch, plugins.factory("full").create(java.util.Map.of()).cost(attention).scratchBytes());
        return referenceOut + activations + scratch * threads;
    }

    /** Refuses a run whose largest cell cannot fit in the heap left after loading the model. */
    public static void checkMemory(ExperimentConfig c, long cellBytes, long heapLeft, long maxHeap, ConfigSource src) {
        if (cellBytes > heapLeft) {
            int n = c.contextSizes().stream().max(Integer::compare).orElseThrow();
            throw new ConfigException(src.at("/contextSizes") + "not enough memory: the cells at n = " + n + " need about "
                    + (cellBytes / MIB + 1) + " MiB of Java heap and " + heapLeft / MIB + " MiB are left of " + maxHeap / MIB
                    + " MiB after loading the model; raise it (ATTNLAB_JAVA_OPTS=-Xmx8g) or use smaller context sizes");
        }
    }
}
