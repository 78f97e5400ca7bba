package org.attentionlab.plugins.heavyhitter;

import java.util.Map;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.testing.AttentionContract;

/** The plugin contract for heavy-hitter (decoder-only), against the list-based H2O oracle. */
class HeavyHitterContractTest extends AttentionContract {
    @Override
    protected String pluginName() {
        return "heavy-hitter";
    }

    @Override
    protected Map<String, ?> params() {
        return Map.of("recent", 5, "heavy", 4);
    }

    @Override
    protected double[][] oracle(Attention attention, AttentionInput in) {
        return H2OOracle.run(in.q(), in.k(), in.v(), in.n(), in.dHead(), in.keyMask(), 1, 5, 4).out();
    }
}
