package org.attentionlab.core.model;

/**
 * Told where one {@link BertEncoder} forward is, stage by stage, so a benchmark can put a clock around each
 * {@link EncoderStage} of the real forward rather than a copy of it. The encoder calls {@link #forwardStarted}
 * once after checking the inputs and sizing its scratch, then {@link #stageEnded} right after every stage
 * (the time between two calls is that stage's), all on the forward's own thread. Without an observer the
 * encoder only pays a null check per stage. An observer must not touch the encoder: it sees no buffers.
 */
public interface StageObserver {

    /** The forward of {@code n} tokens begins its first stage now. */
    default void forwardStarted(int n) {
    }

    /**
     * {@code stage} has just ended.
     *
     * @param layer the 0-based layer for a {@linkplain EncoderStage#perLayer() per-layer} stage, -1 for
     *              {@link EncoderStage#EMBED} and {@link EncoderStage#COPY_OUT}
     */
    void stageEnded(EncoderStage stage, int layer);
}
