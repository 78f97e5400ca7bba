package org.attentionlab.plugins.slidingwindow;

import java.util.Map;
import org.attentionlab.core.testing.AttentionContract;

/** The plugin contract for sliding-window, with global tokens, sinks and a dilated band. */
class SlidingWindowContractTest extends AttentionContract {
    @Override
    protected String pluginName() {
        return "sliding-window";
    }

    @Override
    protected Map<String, ?> params() {
        return Map.of("width", 20, "globalTokens", 1, "sinks", 3, "dilation", 2);
    }
}
