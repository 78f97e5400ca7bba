package org.attentionlab.plugins.heavyhitter;

import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.CausalSupport;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.ParamSpec;
import org.attentionlab.core.plugin.TypedAttentionFactory;

/** Builds H2O heavy-hitter attention, a decoder-only cache policy. */
public final class HeavyHitterFactory extends TypedAttentionFactory<HeavyHitterParams> {

    public static final String NAME = "heavy-hitter";

    public HeavyHitterFactory() {
        super(NAME, "H2O: each query sees the cache a decoder would hold at its step: the last `recent` positions plus "
                        + "the `heavy` older keys with the largest attention accumulated so far (causal only)",
                Exactness.TRAINING_FREE, CausalSupport.DECODER_ONLY, HeavyHitterParams.class, List.of(
                        ParamSpec.integer("recent", 64, 1, Integer.MAX_VALUE,
                                "the most recent positions always kept, the query's own among them"),
                        ParamSpec.integer("heavy", 64, 0, Integer.MAX_VALUE,
                                "older keys kept: those with the largest attention accumulated over the queries so far "
                                        + "(summed over a grouped-query group's heads); the lowest is evicted when the "
                                        + "cache would exceed recent + heavy")));
    }

    @Override
    protected Attention create(HeavyHitterParams params) {
        return new HeavyHitterAttention(params.recent(), params.heavy());
    }
}
