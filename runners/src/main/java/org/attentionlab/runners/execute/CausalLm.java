package org.attentionlab.runners.execute;

import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.runners.results.ModelRecord;

/**
 * What the decoder workload needs of a causal language model and its ONNX Runtime reference: the one seam
 * between runners and core-model's decoder (see {@link CausalLms}), so the workload's measuring (gate, next-token
 * accuracy, KV-cache decoding and its timing) reads the same for any implementation.
 */
public interface CausalLm extends AutoCloseable {

    /** Architecture and shape, as results.json records them. */
    ModelRecord shape();

    /** Width of one attention head. */
    int dHead();

    /** Rows of the learned position table (the longest sequence the model takes); 0 when positions are unbounded (RoPE). */
    int maxPositions();

    /** Bytes of the weights the Java decoder holds, for memory estimates. */
    long weightBytes();

    /** The Java decoder with one attention per layer. */
    Decoder decoder(List<Attention> perLayer);

    /** The ONNX Runtime session, created on first use with the experiment's thread count. */
    Reference reference(int threads);

    /** A model that computes logits. One thread at a time. */
    interface Decoder {

        /** {@code n x vocab} next-token logits at positions 0..n-1, row-major. */
        float[] logits(int[] ids);

        /** A KV-cache decoding of at most {@code maxTokens} tokens (prefill plus steps). */
        Session startDecode(int maxTokens);
    }

    /** One sequence decoded token by token with a cache. */
    interface Session extends AutoCloseable {

        /** Runs the prompt; returns its {@code n x vocab} logits. */
        float[] prefill(int[] ids);

        /** Appends one token; returns the {@code vocab} logits predicting the next. */
        float[] step(int id);

        /** Bytes of keys and values held now, all layers; -1 when the side does not say (the reference). */
        long kvCacheBytes();

        @Override
        default void close() {
        }
    }

    /** ONNX Runtime running the export. */
    interface Reference extends Decoder {

        /** True when the export takes past key/values, so its decode steps use a cache (else each recomputes the prefix). */
        boolean hasPast();

        /** The reference's decoding (its own cache when {@link #hasPast}); {@code maxTokens} is not enforced. */
        @Override
        Session startDecode(int maxTokens);
    }

    @Override
    void close();
}
