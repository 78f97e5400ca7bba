package org.attentionlab.runners.config;

import org.attentionlab.core.model.BertConfig;

/** What can only be checked once the model's shape is known: context sizes and layer indices. */
public final class ModelChecks {

    private ModelChecks() {
    }

    public static void check(ExperimentConfig c, BertConfig shape, ConfigSource src) {
        for (int i = 0; i < c.contextSizes().size(); i++) {
            int n = c.contextSizes().get(i);
            if (n > shape.maxPositions()) {
                throw new ConfigException(src.at("/contextSizes/" + i) + "context size " + n + " exceeds the maximum positions "
                        + shape.maxPositions() + " of " + c.reference().displayName());
            }
        }
        for (int i = 0; i < c.variants().size(); i++) {
            VariantSpec v = c.variants().get(i);
            if (v.layers() == null) {
                continue;
            }
            for (int layer : v.layers()) {
                if (layer >= shape.layers()) {
                    throw new ConfigException(src.at("/variants/" + i + "/layers") + "variants[" + i + "]: layer " + layer
                            + " does not exist; " + c.reference().displayName() + " has layers 0 to " + (shape.layers() - 1));
                }
            }
        }
    }
}
