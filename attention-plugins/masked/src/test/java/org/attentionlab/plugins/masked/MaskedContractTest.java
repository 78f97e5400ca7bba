package org.attentionlab.plugins.masked;

import java.util.Map;
import org.attentionlab.core.testing.AttentionContract;

/** The plugin contract for masked, with a three-primitive mask and tiles of 16. */
class MaskedContractTest extends AttentionContract {
    @Override
    protected String pluginName() {
        return "masked";
    }

    @Override
    protected Map<String, ?> params() {
        return Map.of("mask", "(window(9) & !window(2)) | sinks(2) | prefix(4)", "blockSize", 16);
    }
}
