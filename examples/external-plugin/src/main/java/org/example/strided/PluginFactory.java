package org.example.strided;

import java.util.List;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.ParamSpec;
import org.attentionlab.core.plugin.TypedAttentionFactory;

/** Describes {@code strided} (its name, a line for ./attnlab plugins, its parameters) and builds its attention. */
public final class PluginFactory extends TypedAttentionFactory<PluginParams> {

    /** The name an experiment's variant uses: {@code - { name: strided }}. */
    public static final String NAME = "strided";

    public PluginFactory() {
        super(NAME, "Sparse Transformer strided attention: softmax over a local band of keys and every key a multiple of "
                        + "'stride' positions away (an example plugin built outside attention-lab from its archetype)",
                Exactness.TRAINING_FREE, PluginParams.class, List.of(
                        ParamSpec.integer("local", 8, 0, Integer.MAX_VALUE, "query i sees keys j with |i - j| <= local"),
                        ParamSpec.integer("stride", 16, 1, Integer.MAX_VALUE,
                                "and keys j with (i - j) a multiple of stride")));
    }

    @Override
    protected Attention create(PluginParams params) {
        return new PluginAttention(params.local(), params.stride());
    }
}
