package org.attentionlab.plugins.topk;

import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.CausalSupport;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.ParamSpec;
import org.attentionlab.core.plugin.TypedAttentionFactory;

/** Builds top-k attention. */
public final class TopKFactory extends TypedAttentionFactory<TopKParams> {

    public static final String NAME = "top-k";

    public TopKFactory() {
        super(NAME, "top-k: each query keeps its k largest exact scores, softmax over those only",
                Exactness.TRAINING_FREE, CausalSupport.ENCODER_AND_DECODER, TopKParams.class, List.of(
                        ParamSpec.integer("k", 32, 1, Integer.MAX_VALUE,
                                "keys kept per query (its k largest scores; ties keep the lower key index)")));
    }

    @Override
    protected Attention create(TopKParams params) {
        return new TopKAttention(params.k());
    }
}
