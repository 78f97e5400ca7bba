package org.attentionlab.plugins.full;

import java.util.Map;
import org.attentionlab.core.testing.AttentionContract;

/** The plugin contract for full attention, tiled (the block-sparse engine with every tile full), 32-token tiles. */
class TiledContractTest extends AttentionContract {
    @Override
    protected String pluginName() {
        return "full";
    }

    @Override
    protected Map<String, ?> params() {
        return Map.of("algorithm", "tiled", "blockSize", 32);
    }
}
