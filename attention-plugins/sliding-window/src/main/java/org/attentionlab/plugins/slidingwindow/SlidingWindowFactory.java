package org.attentionlab.plugins.slidingwindow;

import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.ParamSpec;
import org.attentionlab.core.plugin.TypedAttentionFactory;

/**
 * Builds sliding-window (banded) softmax attention with optional Longformer-style global tokens,
 * StreamingLLM-style attention sinks and a dilated band. Query i sees key j when causality allows it
 * (causal: j <= i) and i < globalTokens, or j < max(globalTokens, sinks), or j is in i's band:
 * bidirectional j = i + t*dilation with |t| <= window/2, causal j = i - t*dilation with 0 <= t < window.
 */
public final class SlidingWindowFactory extends TypedAttentionFactory<SlidingWindowParams> {

    public static final String NAME = "sliding-window";

    public SlidingWindowFactory() {
        super(NAME,
                "softmax over a band of keys around each query (bidirectional: j = i + t*dilation, |t| <= window/2; "
                        + "causal: j = i - t*dilation, 0 <= t < window) plus global tokens and sinks; "
                        + "computes only those keys: O(n*window*dHead)",
                Exactness.TRAINING_FREE, SlidingWindowParams.class, List.of(
                        ParamSpec.requiredInteger("window", 1, Integer.MAX_VALUE,
                                "band width: bidirectional query i sees keys with |i-j| <= window/2 (integer "
                                        + "division); causal query i sees keys i-window < j <= i (with dilation 1)"),
                        ParamSpec.integer("globalTokens", 0, 0, Integer.MAX_VALUE,
                                "the first g positions attend to every key and every query attends to them "
                                        + "(Longformer; [CLS] is position 0); causal mode still hides later keys"),
                        ParamSpec.integer("sinks", 0, 0, Integer.MAX_VALUE,
                                "the first s keys are always kept (StreamingLLM attention sinks); causal mode "
                                        + "still hides later keys; in bidirectional mode keys every query can see"),
                        ParamSpec.integer("dilation", 1, 1, Integer.MAX_VALUE,
                                "stride of the band: keys i + t*dilation for |t| <= window/2 (bidirectional, "
                                        + "window/2 dilated steps each side) or i - t*dilation for 0 <= t < window (causal)")));
    }

    @Override
    protected Attention create(SlidingWindowParams params) {
        return new SlidingWindowAttention(new SlidingWindowPattern(
                params.window(), params.globalTokens(), params.sinks(), params.dilation()));
    }
}
