package org.attentionlab.plugins.blocksparse;

import java.util.Map;
import org.attentionlab.core.testing.AttentionContract;

/** The plugin contract for block-sparse (BigBird), blocks of 16 with random blocks. */
class BlockSparseContractTest extends AttentionContract {
    @Override
    protected String pluginName() {
        return "block-sparse";
    }

    @Override
    protected Map<String, ?> params() {
        return Map.of("blockSize", 16, "windowBlocks", 3, "globalBlocks", 1, "randomBlocks", 1, "seed", 5);
    }
}
