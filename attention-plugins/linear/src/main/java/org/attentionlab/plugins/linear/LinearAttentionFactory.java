package org.attentionlab.plugins.linear;

import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.CausalSupport;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.ParamSpec;
import org.attentionlab.core.plugin.TypedAttentionFactory;

/** Builds kernelised (linear) attention with an elu+1, relu or FAVOR+ feature map. */
public final class LinearAttentionFactory extends TypedAttentionFactory<LinearAttentionParams> {

    public static final String NAME = "linear";

    public LinearAttentionFactory() {
        super(NAME,
                "kernelised attention phi(Q) (phi(K)^T V) / phi(Q) (phi(K)^T 1), causal by prefix sums; "
                        + "O(n*m*dHead), never an n x n matrix",
                Exactness.NEEDS_FINE_TUNING, CausalSupport.ENCODER_AND_DECODER, LinearAttentionParams.class, List.of(
                        ParamSpec.choice("featureMap", "elu", List.of("elu", "relu", "favor"),
                                "phi: elu = elu(x)+1; relu = max(x,0) (a query whose features miss every key "
                                        + "outputs zeros); favor = Performer positive orthogonal random features "
                                        + "approximating softmax exp(q.k/sqrt(dHead)); m = dHead for elu and relu"),
                        ParamSpec.integer("features", 64, 1, 65536,
                                "favor only: m, the number of random features").onlyWhen("featureMap", "favor"),
                        ParamSpec.integer("seed", 0, 0, Integer.MAX_VALUE,
                                "favor only: seed of the random projection (same seed, same features)").onlyWhen("featureMap", "favor")));
    }

    @Override
    protected Attention create(LinearAttentionParams params) {
        // features and seed are present only for favor (the schema leaves them out for elu and relu)
        int features = params.features() == null ? 0 : params.features();
        long seed = params.seed() == null ? 0 : params.seed();
        return new LinearAttention(FeatureMapKind.of(params.featureMap()), features, seed);
    }
}
