package ${package};

import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.ParamSpec;
import org.attentionlab.core.plugin.TypedAttentionFactory;

/** Describes the plugin (its name, a line for ./attnlab plugins, its parameters) and builds its attention. */
public final class PluginFactory extends TypedAttentionFactory<PluginParams> {

    /** The name an experiment's variant uses: {@code - { name: ${pluginName} }}. */
    public static final String NAME = "${pluginName}";

    public PluginFactory() {
        super(NAME, "softmax over the keys within 'window' positions of each query (a local band); a starting point",
                Exactness.TRAINING_FREE, PluginParams.class, List.of(
                        ParamSpec.integer("window", 16, 0, Integer.MAX_VALUE,
                                "query i sees keys j with |i - j| <= window")));
    }

    @Override
    protected Attention create(PluginParams params) {
        return new PluginAttention(params.window());
    }
}
