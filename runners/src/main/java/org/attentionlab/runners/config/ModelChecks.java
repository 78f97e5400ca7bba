package org.attentionlab.runners.config;

import java.util.function.IntFunction;
import org.attentionlab.core.attention.CausalSupport;
import org.attentionlab.core.model.BertConfig;
import org.attentionlab.core.plugin.PluginRegistry;
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

    /**
     * A causal language model's checks: each variant serves decoders ({@link CausalSupport}), layer indices exist,
     * every context size plus {@code decode.tokens} fits the learned position table, and a RoPE model's
     * {@code positions.extendTo} comes with {@code trainedLength}.
     *
     * @param architecture {@code GPT2} or {@code LLAMA}
     * @param maxPositions rows of the learned position table; 0 for RoPE (no table)
     */
    public static void checkDecoder(ExperimentConfig c, String architecture, int layers, int maxPositions, PluginRegistry plugins,
                                    ConfigSource src) {
        String model = architecture + " export " + c.reference().displayName();
        for (int i = 0; i < c.variants().size(); i++) {
            VariantSpec v = c.variants().get(i);
            CausalSupport support = plugins.factory(v.name()).causalSupport();
            if (!support.servesDecoders()) {
                throw new ConfigException(src.at("/variants/" + i + "/name") + "variants[" + i + "]: " + v.name()
                        + " has no causal form (it serves encoders only) and " + model + " is a causal language model");
            }
            if (v.layers() != null) {
                for (int layer : v.layers()) {
                    if (layer >= layers) {
                        throw new ConfigException(src.at("/variants/" + i + "/layers") + "variants[" + i + "]: layer " + layer
                                + " does not exist; " + c.reference().displayName() + " has layers 0 to " + (layers - 1));
                    }
                }
            }
        }
        PositionsSpec p = c.reference().positions();
        if (p != null && maxPositions == 0 && p.trainedLength() == null) {
            throw new ConfigException(src.at("/reference/positions") + "'reference.positions.extendTo' on a RoPE model (" + model
                    + ") needs 'trainedLength': the context it was trained on, e.g. positions: { method: interpolate, trainedLength: 2048, "
                    + "extendTo: " + p.extendTo() + " }");
        }
        if (p != null && maxPositions > 0 && p.trainedLength() != null) {
            throw new ConfigException(src.at("/reference/positions/trainedLength") + "'reference.positions.trainedLength' applies to RoPE "
                    + "models; " + model + " has a learned position table of " + maxPositions + " rows (extendTo stretches it)");
        }
        int decode = c.decodeTokens();
        for (int i = 0; i < c.contextSizes().size(); i++) {
            int n = c.contextSizes().get(i);
            int limit = p != null ? p.extendTo() : maxPositions;
            if (limit > 0 && n + decode > limit) {
                throw new ConfigException(src.at("/contextSizes/" + i) + "context size " + n + (decode > 0 ? " plus decode.tokens " + decode
                        : "") + " exceeds the " + limit + " positions of " + model + (p == null ? " (reference.positions.extendTo "
                        + "stretches them)" : ""));
            }
        }
    }

    /**
     * An encoder's checks on what only decoders take: {@code decode}, a tokens file, and causal-only variants.
     */
    public static void checkEncoder(ExperimentConfig c, PluginRegistry plugins, ConfigSource src) {
        String model = c.reference().displayName() + " is a BERT-family encoder";
        if (c.decode() != null) {
            throw new ConfigException(src.at("/decode") + "'decode' applies to causal language models; " + model);
        }
        if (c.corpus().tokens() != null) {
            throw new ConfigException(src.at("/corpus/tokens") + "'corpus.tokens' applies to causal language models; " + model
                    + " (give text: corpus: { file: ... })");
        }
        for (int i = 0; i < c.variants().size(); i++) {
            VariantSpec v = c.variants().get(i);
            if (!plugins.factory(v.name()).causalSupport().servesEncoders()) {
                throw new ConfigException(src.at("/variants/" + i + "/name") + "variants[" + i + "]: " + v.name()
                        + " is causal-only (it serves decoders) and " + model);
            }
        }
    }

    /**
     * A causal language model's tokenizer must produce ids its logits score: a tokenizer whose largest id is at or
     * past the logits' width belongs to another model.
     */
    public static void checkCausalTokenizer(ExperimentConfig c, int vocab, int tokenizerMaxId, String tokenizer, ConfigSource src) {
        if (tokenizerMaxId >= vocab) {
            throw new ConfigException(src.at("/reference/tokenizer") + "the tokenizer does not fit the model: " + tokenizer
                    + " has ids up to " + tokenizerMaxId + ", the logits of " + c.reference().displayName() + " are " + vocab
                    + " wide (is it the tokenizer of another model?)");
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
