package org.attentionlab.core.model;

/**
 * The stages of one {@link BertEncoder} forward, in the order they run: {@link #EMBED} once, then the ten
 * layer stages from {@link #QKV_LINEAR} to {@link #OUTPUT_ADD_NORM} for every layer, then {@link #COPY_OUT}
 * once. A {@link StageObserver} is told as each one ends.
 */
public enum EncoderStage {
    /** Word + token type + position embeddings and their LayerNorm, into the hidden state. */
    EMBED,
    /** The query, key and value projections of the hidden state. */
    QKV_LINEAR,
    /** Q, K, V from {@code n x hidden} to one {@code n x dHead} array per head. */
    SPLIT_HEADS,
    /** The layer's attention plugin (and a {@link LayerObserver}'s {@code attentionInput}, when one is given). */
    ATTENTION,
    /** The attention output from per-head arrays back to {@code n x hidden}. */
    MERGE_HEADS,
    /** The attention output projection. */
    OUT_LINEAR,
    /** Residual add and LayerNorm after the attention block. */
    ATTENTION_ADD_NORM,
    /** The feed-forward up projection, hidden to intermediate. */
    FFN_UP_LINEAR,
    /** GELU over the intermediate activations. */
    GELU,
    /** The feed-forward down projection, intermediate to hidden. */
    FFN_DOWN_LINEAR,
    /** Residual add and LayerNorm after the feed-forward block: the layer's output (a {@link LayerObserver}'s {@code layerOutput} runs after it). */
    OUTPUT_ADD_NORM,
    /** The last hidden state copied into the array the forward returns. */
    COPY_OUT;

    /** True for the ten stages that run once per layer, false for {@link #EMBED} and {@link #COPY_OUT}. */
    public boolean perLayer() {
        return this != EMBED && this != COPY_OUT;
    }
}
