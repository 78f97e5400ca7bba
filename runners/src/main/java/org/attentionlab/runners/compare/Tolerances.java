package org.attentionlab.runners.compare;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attentionlab.core.error.UserFacingException;

/**
 * How far a metric may move before {@code compare} calls it a regression, and how sure it must be.
 * Accuracy: absolute tolerances on the mean of per-document differences, a regression being a bootstrap
 * interval that lies entirely beyond it. Cost: a relative tolerance on the latency ratio to the reference
 * measured in the same run (so a slower machine is not a regression), which must also be significant at
 * {@code alpha} by a Mann-Whitney U test.
 *
 * @param accuracy absolute tolerance per accuracy metric
 * @param cost     relative tolerance per cost metric (0.10 = 10%)
 * @param alpha    significance level of the latency test, in (0, 0.5]
 * @param tasks    absolute tolerance per task label on its score (accuracy@1, nDCG@10, recall accuracy), by the
 *                 same bootstrap over per-query differences; a task not named gets {@link #DEFAULT_TASK}
 */
public record Tolerances(Map<String, Double> accuracy, Map<String, Double> cost, Double alpha, Map<String, Double> tasks) {

    /** The tolerance of a task score not named in the file: two queries in a hundred. */
    public static final double DEFAULT_TASK = 0.02;

    /** Tolerances without task tolerances of their own (every task gets {@link #DEFAULT_TASK}). */
    public Tolerances(Map<String, Double> accuracy, Map<String, Double> cost, Double alpha) {
        this(accuracy, cost, alpha, Map.of());
    }

    /** The tolerance of a task's score, by its label. */
    public double task(String label) {
        return tasks.getOrDefault(label, DEFAULT_TASK);
    }

    public static final String LATENCY = "latencyRatioToReference";
    /** A causal language model's decode ms per token over ONNX Runtime with past; checked with the latency's tolerance. */
    public static final String DECODE_LATENCY = "decodeRatioToReference";
    public static final double DEFAULT_ALPHA = 0.01;
    public static final double DEFAULT_LATENCY = 0.10;

    /** Accuracy metrics where higher is better. */
    static final List<String> HIGHER_IS_BETTER = List.of(
            "tokenCosineMean", "tokenCosineMin", "embeddingCosine", "retrievalRecallAtK", "retrievalTop1", "top1Agreement",
            "decodeTop1Agreement");
    /** Accuracy metrics where lower is better. */
    static final List<String> LOWER_IS_BETTER = List.of("relL2", "maxAbsError", "perplexity", "referencePerplexity", "klMean", "klP95",
            "maxAbsLogitError", "decodeKlMean");

    public Tolerances {
        if (alpha == null) {
            alpha = DEFAULT_ALPHA;
        }
        checkAlpha(alpha, "alpha");
        tasks = tasks == null ? Map.of() : Map.copyOf(tasks);
    }

    public static Tolerances defaults() {
        Map<String, Double> accuracy = new LinkedHashMap<>();
        accuracy.put("tokenCosineMean", 1e-4);
        accuracy.put("tokenCosineMin", 1e-4);
        accuracy.put("embeddingCosine", 1e-4);
        accuracy.put("retrievalRecallAtK", 1e-6);
        accuracy.put("retrievalTop1", 1e-6);
        accuracy.put("relL2", 1e-3);
        accuracy.put("maxAbsError", 1e-2);
        // a causal language model's next-token metrics (absent in encoder cells, so not checked there)
        accuracy.put("perplexity", 1e-2);
        accuracy.put("referencePerplexity", 1e-2);
        accuracy.put("klMean", 1e-4);
        accuracy.put("klP95", 1e-4);
        accuracy.put("top1Agreement", 1e-6);
        accuracy.put("maxAbsLogitError", 1e-2);
        accuracy.put("decodeKlMean", 1e-4);
        accuracy.put("decodeTop1Agreement", 1e-6);
        Map<String, Double> cost = new LinkedHashMap<>();
        cost.put(LATENCY, DEFAULT_LATENCY);
        return new Tolerances(accuracy, cost, DEFAULT_ALPHA);
    }

    /** The defaults, overridden by what a YAML file names. */
    public static Tolerances load(Path file) {
        Tolerances d = defaults();
        Raw given;
        try {
            given = YAMLMapper.builder().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build()
                    .readValue(Files.readString(file), Raw.class);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new UserFacingException("tolerances file not found: " + file);
        } catch (UnrecognizedPropertyException e) {
            throw new UserFacingException(file + ": unknown field '" + e.getPropertyName() + "'; allowed: accuracy, cost, alpha, tasks");
        } catch (IOException e) {
            throw new UserFacingException(file + ": not a tolerances file (" + firstLine(e.getMessage()) + ")");
        }
        Map<String, Double> accuracy = merge(d.accuracy(), given == null ? null : given.accuracy(), file, "accuracy");
        Map<String, Double> cost = merge(d.cost(), given == null ? null : given.cost(), file, "cost");
        Double alpha = given == null || given.alpha() == null ? d.alpha() : given.alpha();
        checkAlpha(alpha, file + ": alpha");
        Map<String, Double> tasks = new LinkedHashMap<>();
        if (given != null && given.tasks() != null) {
            for (Map.Entry<String, Double> e : given.tasks().entrySet()) {
                checkTolerance(e.getValue(), file + ": tolerance of task " + e.getKey()); // any label: tasks are named by the experiment
                tasks.put(e.getKey(), e.getValue());
            }
        }
        return new Tolerances(accuracy, cost, alpha, tasks);
    }

    /** The file's layout; every part optional. */
    record Raw(Map<String, Double> accuracy, Map<String, Double> cost, Double alpha, Map<String, Double> tasks) {
    }

    /** These tolerances with the latency tolerance and alpha given on the command line (null: keep). */
    public Tolerances with(Double latencyTolerance, Double newAlpha) {
        Map<String, Double> c = new LinkedHashMap<>(cost);
        if (latencyTolerance != null) {
            checkTolerance(latencyTolerance, "--latency-tolerance");
            c.put(LATENCY, latencyTolerance);
        }
        if (newAlpha != null) {
            checkAlpha(newAlpha, "--alpha");
        }
        return new Tolerances(accuracy, c, newAlpha != null ? newAlpha : alpha, tasks);
    }

    public double latency() {
        return cost.get(LATENCY);
    }

    private static void checkAlpha(Double alpha, String what) {
        if (alpha == null || alpha.isNaN() || alpha <= 0 || alpha > 0.5) {
            throw new UserFacingException(what + " must be in (0, 0.5], got " + alpha);
        }
    }

    private static void checkTolerance(Double value, String what) {
        if (value == null || value.isNaN() || value < 0) {
            throw new UserFacingException(what + " must be a number >= 0, got " + value);
        }
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
            checkTolerance(e.getValue(), file + ": tolerance of " + e.getKey());
            out.put(e.getKey(), e.getValue());
        }
        return out;
    }

    /**
     * For headers: "latency: beyond 10% and Mann-Whitney p < 0.01 (beyond 10% alone where the repetitions are too few
     * for p < 0.01; more than 100% slower always)".
     */
    public String latencyRule() {
        return String.format(Locale.ROOT, "latency: beyond %s%% and Mann-Whitney p < %s (beyond %s%% alone where the repetitions "
                        + "are too few for p < %s; more than %s%% slower always)",
                trim(latency() * 100), trim(alpha), trim(latency() * 100), trim(alpha),
                trim(Math.max(LatencyShift.LARGE_SLOWDOWN, latency()) * 100));
    }

    private static String trim(double v) {
        return new java.math.BigDecimal(Double.toString(v)).stripTrailingZeros().toPlainString();
    }

    private static String firstLine(String s) {
        return s == null ? "" : s.lines().findFirst().orElse("");
    }
}
