package org.attentionlab.runners.results;

import org.attentionlab.core.model.ExtendedPositions;

/**
 * The position extension a run used, in results.json: the model's learned rows, the method that filled
 * the rest, the new length, and the rewritten export both sides ran (its path and SHA-256).
 */
public record PositionsRecord(int sourceRows, String method, int extendTo, String cachedFile, String cachedSha256) {

    public static PositionsRecord of(ExtendedPositions p) {
        return p == null ? null
                : new PositionsRecord(p.sourceRows(), p.method().configName(), p.extendTo(), p.cachedFile().toString(), p.cachedSha256());
    }

    /** One sentence for the reports. */
    public String sentence(String model) {
        return "Positions " + sourceRows + " to " + (extendTo - 1) + " of " + model + " are filled by " + method + " from its "
                + sourceRows + " learned rows (extended to " + extendTo + "), and the ONNX Runtime reference runs the same extended export"
                + " (sha256 " + cachedSha256.substring(0, Math.min(12, cachedSha256.length())) + ").";
    }
}
