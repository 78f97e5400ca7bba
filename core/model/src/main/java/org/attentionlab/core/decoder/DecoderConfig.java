package org.attentionlab.core.decoder;

/**
 * The shape of a causal LM as read from its export.
 *
 * @param architecture   GPT2 or LLAMA
 * @param layers         transformer blocks
 * @param heads          query heads
 * @param kvHeads        key/value heads (fewer than {@code heads} with grouped-query attention; divides it)
 * @param dModel         width of the residual stream
 * @param dHead          width of one head
 * @param intermediate   width of the feed-forward's inner layer
 * @param vocab          rows of the token embedding, columns of the logits
 * @param maxPositions   rows of the learned position table (GPT-2), or of the constant cos/sin tables of a RoPE export that
 *                       keeps them (transformers < 4.38); 0 for RoPE computed from inverse frequencies (no table limit)
 * @param ropeTheta      RoPE's base, read back from the export's inverse frequencies (0 without RoPE)
 * @param normEpsilon    the epsilon of the norms (of the first one; every norm keeps its own)
 * @param tiedLmHead     the lm_head is the token embedding transposed
 * @param hasPast        the export takes {@code past_key_values.*} inputs (optimum's with-past layout)
 */
public record DecoderConfig(ModelArchitecture architecture, int layers, int heads, int kvHeads, int dModel, int dHead,
                            int intermediate, int vocab, int maxPositions, double ropeTheta, float normEpsilon,
                            boolean tiedLmHead, boolean hasPast) {

    /** Checks the sizes agree with one another. */
    public DecoderConfig {
        if (layers < 1 || heads < 1 || kvHeads < 1 || dHead < 1 || dModel < 1 || vocab < 1 || intermediate < 1) {
            throw new IllegalArgumentException("decoder sizes must be >= 1: layers " + layers + ", heads " + heads + ", kvHeads "
                    + kvHeads + ", dModel " + dModel + ", dHead " + dHead + ", vocab " + vocab + ", intermediate " + intermediate);
        }
        if (heads % kvHeads != 0) {
            throw new IllegalArgumentException(heads + " query heads are not a multiple of " + kvHeads + " key/value heads");
        }
    }

    /** Query heads per key/value head. */
    public int group() {
        return heads / kvHeads;
    }

    /** True when positions come from a learned table (GPT-2's, limited by its rows). */
    public boolean learnedPositions() {
        return maxPositions > 0 && architecture != ModelArchitecture.LLAMA;
    }

    /**
     * Refuses a context longer than the learned position table.
     *
     * @throws IllegalArgumentException for {@code n < 1} or beyond the table
     */
    public void checkContext(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("a sequence needs at least 1 token, got " + n);
        }
        if (maxPositions > 0 && n > maxPositions) {
            throw new IllegalArgumentException("context size " + n + " exceeds the model's " + maxPositions
                    + (architecture == ModelArchitecture.LLAMA ? " positions (rows of its constant rotary cos/sin tables)"
                            : " positions (positions.extendTo stretches the table)"));
        }
    }
}
