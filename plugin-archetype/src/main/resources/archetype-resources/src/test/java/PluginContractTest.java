package ${package};

import java.util.Map;
import org.attentionlab.core.testing.AttentionContract;

/**
 * The plugin contract every attention-lab plugin keeps, from core-api's test-jar: output written everywhere,
 * agreement with a double-precision softmax over pattern(), padding, parallel heads, reuse at two sizes, and
 * discovery through ServiceLoader.
 */
class PluginContractTest extends AttentionContract {

    @Override
    protected String pluginName() {
        return PluginFactory.NAME;
    }

    @Override
    protected Map<String, ?> params() {
        return Map.of("window", 5);
    }
}
