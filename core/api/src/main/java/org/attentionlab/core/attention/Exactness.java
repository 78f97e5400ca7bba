package org.attentionlab.core.attention;

import org.attentionlab.core.plugin.ExtensionPoint;

/**
 * What a researcher may expect when swapping a variant into a trained model without retraining; a plugin
 * declares it in its {@link org.attentionlab.core.plugin.PluginInfo} and reports print its {@link #label()}.
 */
@ExtensionPoint
public enum Exactness {
    /** Computes softmax attention itself, up to float rounding (e.g. full attention, tiled or not). */
    EXACT("exact"),
    /** Approximates softmax attention well enough to use in a trained model as it is (e.g. Nystrom, top-k). */
    TRAINING_FREE("training-free approximation"),
    /** A different attention the model was not trained with; accuracy needs fine-tuning (e.g. linear). */
    NEEDS_FINE_TUNING("needs fine-tuning");

    private final String label;

    Exactness(String label) {
        this.label = label;
    }

    /** The label printed in tables and reports, e.g. {@code "training-free approximation"}. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
