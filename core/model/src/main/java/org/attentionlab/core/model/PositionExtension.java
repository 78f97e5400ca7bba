package org.attentionlab.core.model;

import java.util.Objects;

/**
 * A request to run a model past its learned positions: the table is stretched to {@code extendTo}
 * rows by {@code method}, on both the Java encoder and ONNX Runtime's copy of the export.
 */
public record PositionExtension(PositionMethod method, int extendTo) {

    /** The longest context an extension may reach. */
    public static final int MAX_POSITIONS = 65536;

    public PositionExtension {
        Objects.requireNonNull(method, "method");
        if (extendTo < 2 || extendTo > MAX_POSITIONS) {
            throw new IllegalArgumentException("positions.extendTo must be between 2 and " + MAX_POSITIONS + ", got " + extendTo);
        }
    }

    /** Refuses an extension that does not go past the model's own positions. */
    public void checkAgainst(int learnedRows, String model) {
        if (extendTo <= learnedRows) {
            throw new IllegalArgumentException("positions.extendTo " + extendTo + " must exceed the " + learnedRows
                    + " positions " + model + " already has");
        }
    }
}
