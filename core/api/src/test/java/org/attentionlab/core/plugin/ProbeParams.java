package org.attentionlab.core.plugin;

/** Parameters of the probe test plugin; the constructor rejects one combination, as a real record may. */
public record ProbeParams(int blocks, double temperature, String mode, boolean strict, Integer budget) {
    public ProbeParams {
        if (strict && budget != null && budget > blocks) {
            throw new InvalidParamsException("parameter 'budget' of probe must be <= blocks when strict, got " + budget);
        }
    }
}
