package org.attentionlab.core.decoder;

/**
 * Told where one {@link CausalDecoder} forward is, stage by stage, so that a runner or a benchmark can put a
 * clock around attention (or any {@link DecoderStage}) inside the real forward. The decoder calls
 * {@link #forwardStarted} once (with the tokens of the call: n for a prefill, 1 for a decode step), then
 * {@link #stageEnded} right after every stage, all on the forward's thread. An observer sees no buffers.
 */
public interface DecoderStageObserver {

    /** A forward over {@code tokens} new tokens begins its first stage now. */
    default void forwardStarted(int tokens) {
    }

    /**
     * {@code stage} has just ended.
     *
     * @param layer 0-based for a {@linkplain DecoderStage#perLayer() per-layer} stage, -1 otherwise
     */
    void stageEnded(DecoderStage stage, int layer);
}
