package org.attentionlab.runners.execute;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.config.VariantSpec;

/** Builds a variant's attention per layer from the plugins. */
public final class Attentions {

    private Attentions() {
    }

    /** One attention per layer: the variant where it applies, full attention elsewhere (a hybrid). */
    public static List<Attention> perLayer(PluginRegistry plugins, VariantSpec v, int layers) {
        List<Attention> list = new ArrayList<>(layers);
        for (int layer = 0; layer < layers; layer++) {
            boolean here = v.layers() == null || v.layers().contains(layer);
            list.add(here ? plugins.factory(v.name()).create(v.params()) : plugins.factory(VariantSpec.FULL).create(Map.of()));
        }
        return list;
    }

    /** Full attention in every layer. */
    public static List<Attention> full(PluginRegistry plugins, int layers) {
        return perLayer(plugins, new VariantSpec(VariantSpec.FULL, VariantSpec.FULL, Map.of(), null), layers);
    }
}
