package org.attentionlab.runners.testplugin;

import java.util.function.BiConsumer;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;

/** The test plugins' attention: a forward given as a function, and no cost (they exist to misbehave, not to be timed). */
final class ZeroCostAttention implements Attention {

    private final BiConsumer<AttentionInput, float[][]> forward;

    ZeroCostAttention(BiConsumer<AttentionInput, float[][]> forward) {
        this.forward = forward;
    }

    @Override
    public void forward(AttentionInput in, float[][] out) {
        forward.accept(in, out);
    }

    @Override
    public AttentionCost cost(AttentionShape shape) {
        return new AttentionCost(0, 0);
    }
}
