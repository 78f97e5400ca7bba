package org.attentionlab.plugins.linear;

import java.util.List;
import java.util.Set;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.InvalidParamsException;
import org.attentionlab.core.plugin.ParamSpec;
import org.attentionlab.core.plugin.TypedAttentionFactory;

/** Builds kernelised (linear) attention with an elu+1, relu or FAVOR+ feature map. */
public final class LinearAttentionFactory extends TypedAttentionFactory<LinearAttentionParams> {

    public static final String NAME = "linear";
    private static final int DEFAULT_FEATURES = 64;
    private static final int DEFAULT_SEED = 0;

    public LinearAttentionFactory() {
        super(NAME,
                "kernelised attention phi(Q) (phi(K)^T V) / phi(Q) (phi(K)^T 1), causal by prefix sums; "
                        + "O(n*m*dHead), never an n x n matrix",
                Exactness.NEEDS_FINE_TUNING, LinearAttentionParams.class, List.of(
                        ParamSpec.choice("featureMap", "elu", List.of("elu", "relu", "favor"),
                                "phi: elu = elu(x)+1; relu = max(x,0) (a query whose features miss every key "
                                        + "outputs zeros); favor = Performer positive orthogonal random features "
                                        + "approximating softmax exp(q.k/sqrt(dHead)); m = dHead for elu and relu"),
                        ParamSpec.integer("features", DEFAULT_FEATURES, 1, 65536,
                                "favor only: m, the number of random features"),
                        ParamSpec.integer("seed", DEFAULT_SEED, 0, Integer.MAX_VALUE,
                                "favor only: seed of the random projection (same seed, same features)")));
    }

    /**
     * A favor-only key given with another feature map is a mistake, unless it holds its default: the runners
     * build attentions from the resolved params (every default filled), and those must be accepted as they are.
     */
    @Override
    protected void checkGiven(LinearAttentionParams params, Set<String> given) {
        if (FeatureMapKind.of(params.featureMap()) == FeatureMapKind.FAVOR) {
            return;
        }
        if (given.contains("features") && params.features() != DEFAULT_FEATURES) {
            throw favorOnly("features", params);
        }
        if (given.contains("seed") && params.seed() != DEFAULT_SEED) {
            throw favorOnly("seed", params);
        }
    }

    private static InvalidParamsException favorOnly(String key, LinearAttentionParams params) {
        return new InvalidParamsException("parameter '" + key + "' of " + NAME + " only applies to featureMap favor, not " + params.featureMap());
    }

    @Override
    protected Attention create(LinearAttentionParams params) {
        return new LinearAttention(FeatureMapKind.of(params.featureMap()), params.features(), params.seed());
    }
}
