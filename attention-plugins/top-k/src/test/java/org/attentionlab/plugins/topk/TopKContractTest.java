package org.attentionlab.plugins.topk;

import java.util.Map;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.testing.AttentionContract;

/** The plugin contract for top-k, against the sort-everything oracle. */
class TopKContractTest extends AttentionContract {
    @Override
    protected String pluginName() {
        return "top-k";
    }

    @Override
    protected Map<String, ?> params() {
        return Map.of("k", 7);
    }

    @Override
    protected double[][] oracle(Attention attention, AttentionInput in) {
        double[][] out = new double[in.heads()][];
        for (int h = 0; h < in.heads(); h++) {
            out[h] = TopKOracle.topK(in.q()[h], in.k()[h], in.v()[h], in.n(), in.dHead(), in.keyMask(), in.causal(), 7);
        }
        return out;
    }
}
