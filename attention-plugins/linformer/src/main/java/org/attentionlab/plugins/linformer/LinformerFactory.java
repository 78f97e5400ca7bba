package org.attentionlab.plugins.linformer;

import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.CausalSupport;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.ParamSpec;
import org.attentionlab.core.plugin.TypedAttentionFactory;

/**
 * Builds Linformer attention (Wang et al. 2020). The learned projection is not in a reference model, so a seeded
 * random one stands in: hence "needs fine-tuning".
 */
public final class LinformerFactory extends TypedAttentionFactory<LinformerParams> {

    public static final String NAME = "linformer";

    /** Beyond any useful sequence length; keeps the k x dHead buffers addressable by an int. */
    static final int MAX_K = 1 << 16;

    public LinformerFactory() {
        super(NAME, "Linformer: keys and values projected along the sequence to k rows by a seeded random projection",
                Exactness.NEEDS_FINE_TUNING, CausalSupport.ENCODER_ONLY, LinformerParams.class, List.of(
                        ParamSpec.integer("k", 64, 1, MAX_K, "rows of the projected keys and values"),
                        ParamSpec.integer("seed", 0, 0, Integer.MAX_VALUE, "seed of the Gaussian projection")));
    }

    @Override
    protected Attention create(LinformerParams params) {
        return new LinformerAttention(new RandomProjection(params.k(), params.seed()));
    }
}
