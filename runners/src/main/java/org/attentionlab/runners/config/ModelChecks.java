package org.attentionlab.runners.config;

import java.util.function.IntFunction;
import org.attentionlab.core.model.BertConfig;
import org.attentionlab.core.text.CorpusSample;

/**
 * What can only be checked once the model, its tokenizer and the corpus are read (no forward pass):
 * context sizes and layer indices against the model's shape, the tokenizer's ids against its vocabulary,
 * and documents that would repeat text. {@code validate} and {@code run} call the same checks, so validate
 * passes exactly what run accepts; the memory they need is {@link MemoryChecks}'.
 */
public final class ModelChecks {

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
}
