package org.attentionlab.plugins.full;

import java.util.Map;
import org.attentionlab.core.testing.AttentionContract;

/** The plugin contract for full attention, materialized. */
class MaterializedContractTest extends AttentionContract {
    @Override
    protected String pluginName() {
        return "full";
    }

    @Override
    protected Map<String, ?> params() {
        return Map.of();
    }
}
