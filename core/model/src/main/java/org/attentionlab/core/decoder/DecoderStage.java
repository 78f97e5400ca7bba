package org.attentionlab.core.decoder;

/**
 * The stages of one {@link CausalDecoder} forward (a prefill over n tokens or one decode step), in the order
 * they run: {@link #EMBED} once, the six layer stages for every layer, then {@link #FINAL_NORM} and
 * {@link #LM_HEAD}. A {@link DecoderStageObserver} is told as each one ends.
 */
public enum DecoderStage {
    /** Token (+ learned position) embeddings into the residual stream. */
    EMBED,
    /** The norm before attention, the q/k/v projections (one fused GEMM), the head split and RoPE. */
    QKV,
    /** The layer's attention plugin (its forward, or its decode state's prefill or step). */
    ATTENTION,
    /** Heads merged, the output projection and the residual add. */
    ATTENTION_OUT,
    /** The norm before the feed-forward. */
    MLP_NORM,
    /** The feed-forward: up (and gate) projection, activation, down projection, residual add. */
    MLP,
    /** The norm after the last layer. */
    FINAL_NORM,
    /** The projection onto the vocabulary: the logits. */
    LM_HEAD;

    /** True for the stages that run once per layer. */
    public boolean perLayer() {
        return this != EMBED && this != FINAL_NORM && this != LM_HEAD;
    }
}
