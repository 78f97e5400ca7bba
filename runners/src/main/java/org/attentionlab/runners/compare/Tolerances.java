package org.attentionlab.runners.compare;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.attentionlab.core.error.UserFacingException;

/**
 * How far a metric may move before {@code compare} calls it a regression. Accuracy: absolute
 * tolerances (a run is deterministic, so these are tight); cost: a relative tolerance on the latency
 * ratio to the reference measured in the same run, so a slower machine is not a regression.
 *
 * @param accuracy absolute tolerance per accuracy metric
 * @param cost     relative tolerance per cost metric (0.25 = 25%)
 */
public record Tolerances(Map<String, Double> accuracy, Map<String, Double> cost) {

    /** Accuracy metrics where higher is better. */
    static final java.util.List<String> HIGHER_IS_BETTER = java.util.List.of(
            "tokenCosineMean", "tokenCosineMin", "embeddingCosine", "retrievalAgreement");
    /** Accuracy metrics where lower is better. */
    static final java.util.List<String> LOWER_IS_BETTER = java.util.List.of("relL2", "maxAbsError");

    public static Tolerances defaults() {
        Map<String, Double> accuracy = new LinkedHashMap<>();
        accuracy.put("tokenCosineMean", 1e-4);
        accuracy.put("tokenCosineMin", 1e-4);
        accuracy.put("embeddingCosine", 1e-4);
        accuracy.put("retrievalAgreement", 1e-6);
        accuracy.put("relL2", 1e-3);
        accuracy.put("maxAbsError", 1e-2);
        Map<String, Double> cost = new LinkedHashMap<>();
        cost.put("latencyRatioToReference", 0.25);
        return new Tolerances(accuracy, cost);
    }

    /** The defaults, overridden by the metrics a YAML file names. */
    public static Tolerances load(Path file) {
        Tolerances d = defaults();
        Tolerances given;
        try {
            given = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                    .readValue(Files.readString(file), Tolerances.class);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserFacingException("tolerances file not found: " + file);
        } catch (UnrecognizedPropertyException e) {
            throw new UserFacingException(file + ": unknown field '" + e.getPropertyName() + "'; allowed: accuracy, cost");
        } catch (IOException e) {
            throw new UserFacingException(file + ": not a tolerances file (" + firstLine(e.getMessage()) + ")");
        }
        Map<String, Double> accuracy = merge(d.accuracy(), given == null ? null : given.accuracy(), file, "accuracy");
        Map<String, Double> cost = merge(d.cost(), given == null ? null : given.cost(), file, "cost");
        return new Tolerances(accuracy, cost);
    }

    private static Map<String, Double> merge(Map<String, Double> defaults, Map<String, Double> given, Path file, String section) {
        Map<String, Double> out = new LinkedHashMap<>(defaults);
        if (given == null) {
            return out;
        }
        for (Map.Entry<String, Double> e : given.entrySet()) {
            if (!defaults.containsKey(e.getKey())) {
                throw new UserFacingException(file + ": unknown " + section + " metric '" + e.getKey() + "'; allowed: "
                        + String.join(", ", defaults.keySet()));
            }
            if (e.getValue() == null || e.getValue() < 0 || e.getValue().isNaN()) {
                throw new UserFacingException(file + ": tolerance of " + e.getKey() + " must be a number >= 0, got " + e.getValue());
            }
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
