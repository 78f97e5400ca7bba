package org.attentionlab.plugins.nystrom;

import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.CausalSupport;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.ParamSpec;
import org.attentionlab.core.plugin.TypedAttentionFactory;

/** Builds Nyströmformer attention (Xiong et al. 2021). */
public final class NystromFactory extends TypedAttentionFactory<NystromParams> {

    public static final String NAME = "nystrom";

    public NystromFactory() {
        super(NAME, "Nyströmformer: softmax attention approximated through m segment-mean landmarks",
                Exactness.TRAINING_FREE, CausalSupport.ENCODER_ONLY, NystromParams.class, List.of(
                        ParamSpec.integer("landmarks", 64, 1, Integer.MAX_VALUE,
                                "landmarks m: segment means of Q and K over the real tokens; m >= real tokens falls back to exact attention"),
                        ParamSpec.integer("pinvIterations", 6, 1, Integer.MAX_VALUE,
                                "iterations of the iterative Moore-Penrose pseudo-inverse of the m x m landmark kernel")));
    }

    @Override
    protected Attention create(NystromParams params) {
        return new NystromAttention(params.landmarks(), params.pinvIterations());
    }
}
