package org.attentionlab.plugins.linear;

import java.util.Map;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.testing.AttentionContract;

/** The plugin contract for linear attention (elu + 1 feature map), against the quadratic form in double. */
class LinearContractTest extends AttentionContract {
    @Override
    protected String pluginName() {
        return "linear";
    }

    @Override
    protected Map<String, ?> params() {
        return Map.of("featureMap", "elu");
    }

    @Override
    protected double tolerance() {
        return 1e-4;
    }

    @Override
    protected double[][] oracle(Attention attention, AttentionInput in) {
        return QuadraticOracle.attention(QuadraticOracle.ELU, in.q(), in.k(), in.v(), in.n(), in.dHead(), in.keyMask(), in.causal());
    }
}
