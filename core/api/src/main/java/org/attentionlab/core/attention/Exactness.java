package org.attentionlab.core.attention;

/** What a researcher may expect when swapping a variant into a trained model without retraining. */
public enum Exactness {
    EXACT("exact"),
    TRAINING_FREE("training-free approximation"),
    NEEDS_FINE_TUNING("needs fine-tuning");

    private final String label;

    Exactness(String label) {
        this.label = label;
    }

    /** The label printed in tables and reports. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label;
    }
}
