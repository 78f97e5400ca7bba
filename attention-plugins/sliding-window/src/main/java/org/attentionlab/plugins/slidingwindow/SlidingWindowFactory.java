package org.attentionlab.plugins.slidingwindow;

import java.util.List;
import java.util.Map;
import org.attentionlab.core.mask.Mask;
import org.attentionlab.core.mask.Masks;
import org.attentionlab.core.sparse.BlockSparseAttention;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.CausalSupport;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.ParamSpec;
import org.attentionlab.core.plugin.TypedAttentionFactory;

/**
 * Builds sliding-window (banded) softmax attention with optional Longformer-style global tokens,
 * StreamingLLM-style attention sinks and a dilated band. Query i sees key j when causality allows it
 * (causal: j <= i) and i < globalTokens, or j < max(globalTokens, sinks), or j is in i's band:
 * bidirectional j = i + t*dilation with |t| <= width/2, causal j = i - t*dilation with 0 <= t < width.
 * In mask terms (dilation 1): causal {@code width: W} is {@code window(W - 1)} under causality (W keys),
 * bidirectional it is {@code window(W / 2)} (W + 1 keys for an even W). The parameter was called {@code window}
 * until issue 23 (a width, not the mask primitive's reach); that name still works with its meaning.
 */
public final class SlidingWindowFactory extends TypedAttentionFactory<SlidingWindowParams> {

    public static final String NAME = "sliding-window";

    public SlidingWindowFactory() {
        super(NAME,
                "softmax over a band of keys around each query (bidirectional: j = i + t*dilation, |t| <= width/2; "
                        + "causal: j = i - t*dilation, 0 <= t < width) plus global tokens and sinks; "
                        + "the block-sparse engine computes only the tiles the band touches: O(n*width*dHead)",
                Exactness.TRAINING_FREE, CausalSupport.ENCODER_AND_DECODER, SlidingWindowParams.class, List.of(
                        ParamSpec.requiredInteger("width", 1, Integer.MAX_VALUE,
                                "band width W: causal query i sees the W keys i-W < j <= i (the mask window(W-1) "
                                        + "with causality); bidirectional query i sees |i-j| <= W/2 (integer division: "
                                        + "the mask window(W/2)), with dilation 1; formerly 'window', which still works"),
                        ParamSpec.integer("globalTokens", 0, 0, Integer.MAX_VALUE,
                                "the first g positions attend to every key and every query attends to them "
                                        + "(Longformer; [CLS] is position 0); causal mode still hides later keys"),
                        ParamSpec.integer("sinks", 0, 0, Integer.MAX_VALUE,
                                "the first s keys are always kept (StreamingLLM attention sinks); causal mode "
                                        + "still hides later keys; in bidirectional mode keys every query can see"),
                        ParamSpec.integer("dilation", 1, 1, Integer.MAX_VALUE,
                                "stride of the band: keys i + t*dilation for |t| <= width/2 (bidirectional, "
                                        + "width/2 dilated steps each side) or i - t*dilation for 0 <= t < width (causal)")));
    }

    /** {@code window} was this parameter's name until issue 23 renamed it: a width, not {@code window(w)}'s reach. */
    @Override
    protected Map<String, String> renamedParams() {
        return Map.of("window", "width");
    }

    @Override
    protected Attention create(SlidingWindowParams params) {
        return new BlockSparseAttention(mask(params.width(), params.globalTokens(), params.sinks(), params.dilation()),
                null, BLOCK);
    }

    /** The engine's tile side: 64 keeps a window's partial tiles few while full tiles stay large. */
    static final int BLOCK = 64;

    /**
     * The pattern as a mask: {@code global(g) | sinks(max(g, s)) | band}, where the band is
     * {@code dilated((width/2) * dilation, dilation)} bidirectional and {@code dilated((width-1) * dilation,
     * dilation)} causal (the engine adds {@code j <= i}); {@code window(..)} when the dilation is 1.
     */
    static Mask mask(int width, int globalTokens, int sinks, int dilation) {
        Mask bidirectional = withPrefix(band(width / 2, dilation), globalTokens, sinks);
        Mask causal = withPrefix(band(width - 1, dilation), globalTokens, sinks);
        return Masks.byCausality(NAME + "(width=" + width + ", globalTokens=" + globalTokens + ", sinks=" + sinks
                + ", dilation=" + dilation + ")", bidirectional, causal);
    }

    private static Mask band(long steps, int dilation) {
        int reach = (int) Math.min(Integer.MAX_VALUE, steps * dilation);
        return dilation == 1 ? Masks.window(reach) : Masks.dilated(reach, dilation);
    }

    private static Mask withPrefix(Mask band, int globalTokens, int sinks) {
        Mask mask = band;
        if (sinks > globalTokens) {
            mask = Masks.sinks(sinks).or(mask);
        }
        return globalTokens > 0 ? Masks.global(globalTokens).or(mask) : mask;
    }
}
