package org.attentionlab.runners.execute;

import org.attentionlab.core.model.EncoderStage;
import org.attentionlab.core.model.StageObserver;

/**
 * Times the attention stages inside one real encoder forward (the stage observer's hook: the time between the end
 * of the stage before {@link EncoderStage#ATTENTION} and its own end, summed over the layers), so that a model
 * run's attention GFLOP/s divides attention FLOPs by attention time, not by the whole forward's. It costs a clock
 * read per stage, microseconds against a forward of milliseconds.
 */
final class AttentionClock implements StageObserver {

    private long last;
    private long attentionNanos;

    @Override
    public void forwardStarted(int n) {
        attentionNanos = 0;
        last = System.nanoTime();
    }

    @Override
    public void stageEnded(EncoderStage stage, int layer) {
        long now = System.nanoTime();
        if (stage == EncoderStage.ATTENTION) {
            attentionNanos += now - last;
        }
        last = now;
    }

    /** The attention time of the last forward, in milliseconds. */
    double lastAttentionMs() {
        return attentionNanos / 1e6;
    }
}
