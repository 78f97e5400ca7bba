package org.attentionlab.plugins.linear;

import java.util.Locale;

/** The {@code featureMap} parameter of {@code linear}. */
enum FeatureMapKind {
    ELU, RELU, FAVOR;

    /** The YAML spelling. */
    String label() {
        return name().toLowerCase(Locale.ROOT);
    }

    static FeatureMapKind of(String label) {
        return valueOf(label.toUpperCase(Locale.ROOT));
    }

    FeatureMap create(int dHead, int features, long seed) {
        return switch (this) {
            case ELU -> new EluFeatureMap(dHead);
            case RELU -> new ReluFeatureMap(dHead);
            case FAVOR -> new FavorFeatureMap(features, dHead, seed);
        };
    }
}
