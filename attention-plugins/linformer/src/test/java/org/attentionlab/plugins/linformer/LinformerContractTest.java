package org.attentionlab.plugins.linformer;

import java.util.Map;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.testing.AttentionContract;

/** The plugin contract for linformer (bidirectional only), against the explicit projection in double. */
class LinformerContractTest extends AttentionContract {
    @Override
    protected String pluginName() {
        return "linformer";
    }

    @Override
    protected Map<String, ?> params() {
        return Map.of("k", 12, "seed", 3);
    }

    @Override
    protected boolean supportsCausal() {
        return false;
    }

    @Override
    protected double tolerance() {
        return 1e-4;
    }

    @Override
    protected double[][] oracle(Attention attention, AttentionInput in) {
        double[][] out = new double[in.heads()][];
        for (int h = 0; h < in.heads(); h++) {
            out[h] = LinformerAttentionTest.oracle(in.q()[h], in.k()[h], in.v()[h], in.n(), in.dHead(), in.keyMask(), 12, 3);
        }
        return out;
    }
}
