package org.attentionlab.plugins.nystrom;

import java.util.Map;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.testing.AttentionContract;

/** The plugin contract for nystrom (bidirectional only), against the double-precision Nyström oracle. */
class NystromContractTest extends AttentionContract {
    @Override
    protected String pluginName() {
        return "nystrom";
    }

    @Override
    protected Map<String, ?> params() {
        return Map.of("landmarks", 8);
    }

    @Override
    protected boolean supportsCausal() {
        return false;
    }

    @Override
    protected double tolerance() {
        return 1e-4; // six Newton steps of the pseudo-inverse in float
    }

    @Override
    protected double[][] oracle(Attention attention, AttentionInput in) {
        int real = 0;
        for (int j = 0; j < in.n(); j++) {
            real += in.keyValid(j) ? 1 : 0;
        }
        double[][] out = new double[in.heads()][];
        for (int h = 0; h < in.heads(); h++) {
            // with as many landmarks as real tokens the plugin computes exact attention (what Nystrom tends to)
            out[h] = real <= 8 ? NystromOracle.fullAttention(in.q()[h], in.k()[h], in.v()[h], in.n(), in.dHead(), in.keyMask())
                    : NystromOracle.attention(in.q()[h], in.k()[h], in.v()[h], in.n(), in.dHead(), in.keyMask(), 8, 6,
                    NystromOracle.Inverse.NEWTON);
        }
        return out;
    }
}
