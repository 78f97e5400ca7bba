package org.attentionlab.plugins.slidingwindow;

import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.ParamSpec;
import org.attentionlab.core.plugin.TypedAttentionFactory;

/** Builds sliding-window (banded) softmax attention with optional Longformer-style global tokens. */
public final class SlidingWindowFactory extends TypedAttentionFactory<SlidingWindowParams> {

    public static final String NAME = "sliding-window";

    public SlidingWindowFactory() {
        super(NAME,
                "softmax over a band of keys around each query (bidirectional: |i-j| <= window/2; causal: "
                        + "i-window < j <= i) plus global tokens; computes only the band: O(n*window*dHead)",
                Exactness.TRAINING_FREE, SlidingWindowParams.class, List.of(
                        ParamSpec.requiredInteger("window", 1, Integer.MAX_VALUE,
                                "band width: bidirectional query i sees keys with |i-j| <= window/2 (integer "
                                        + "division); causal query i sees keys i-window < j <= i"),
                        ParamSpec.integer("globalTokens", 0, 0, Integer.MAX_VALUE,
                                "the first g positions attend to every key and every query attends to them "
                                        + "(Longformer; [CLS] is position 0); causal mode still hides later keys")));
    }

    @Override
    protected Attention create(SlidingWindowParams params) {
        return new SlidingWindowAttention(new SlidingWindowPattern(params.window(), params.globalTokens(), 0, 1));
    }
}
