package org.attentionlab.runners.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.attentionlab.core.error.UserFacingException;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.ExperimentKind;
import org.attentionlab.runners.config.VariantSpec;

/**
 * What the user asked to see, as given on the command line (each null when not given), and its resolution
 * against an experiment and its model: every refusal is one line that says what to pass instead.
 *
 * @param document the document index (default: 0)
 * @param n        the context size (default: the smallest of the experiment's sizes that is at least
 *                 {@link #DEFAULT_MIN_N}, else its largest)
 * @param variants the variant labels (default: every variant but plain full attention, which is the reference)
 */
public record ExplainRequest(Integer document, Integer n, List<String> variants) {

    /** The default context size is the experiment's smallest of at least this many tokens. */
    public static final int DEFAULT_MIN_N = 128;

    /** Refuses a kernel sweep: the explorer shows a trained model's attention on text. */
    public static void checkKind(ExperimentConfig config) {
        if (config.kind() != ExperimentKind.MODEL) {
            throw new UserFacingException("explain shows a model's attention on text; " + config.name()
                    + " is a kind: kernel sweep (random Q, K, V): pass a model experiment");
        }
    }

    /**
     * The document, size and variants to draw, checked against the experiment and the model's shape.
     *
     * @param maxPositions the longest sequence the model takes; 0 when positions are unbounded (RoPE)
     */
    public ExplainTarget resolve(ExperimentConfig config, int layers, int heads, int maxPositions) {
        checkKind(config);
        int documents = config.corpus().documents();
        int doc = document == null ? 0 : document;
        if (doc < 0 || doc >= documents) {
            throw new UserFacingException("--document " + doc + " is past the corpus: " + config.name() + " has " + documents
                    + " document" + (documents == 1 ? "" : "s") + " (corpus.documents); pass --document 0"
                    + (documents > 1 ? " to " + (documents - 1) : ""));
        }
        int size = n == null ? defaultSize(config) : n;
        if (size < 2 || (maxPositions > 0 && size > maxPositions)) {
            String range = maxPositions > 0 ? "2 to " + maxPositions : "2 or more";
            throw new UserFacingException("--n " + size + ": " + config.reference().displayName() + " takes " + range
                    + " tokens; pass --n " + range + " (the experiment's sizes are " + config.contextSizes() + ")");
        }
        List<VariantSpec> chosen = chooseVariants(config);
        PageBudget.check(size, layers, heads, chosen.size());
        return new ExplainTarget(doc, size, chosen);
    }

    private static int defaultSize(ExperimentConfig config) {
        return config.contextSizes().stream().filter(s -> s >= DEFAULT_MIN_N).min(Integer::compare)
                .orElse(config.contextSizes().stream().max(Integer::compare).orElseThrow());
    }

    private List<VariantSpec> chooseVariants(ExperimentConfig config) {
        if (variants == null) {
            List<VariantSpec> all = config.variants().stream().filter(v -> !isReference(v)).toList();
            if (all.isEmpty()) {
                throw new UserFacingException(config.name() + " has no variant other than full attention, which is the reference; "
                        + "add a variant to the experiment or pass --variants full");
            }
            return all;
        }
        List<VariantSpec> chosen = new ArrayList<>();
        for (String label : variants) {
            VariantSpec v = config.variants().stream().filter(s -> s.label().equals(label)).findFirst()
                    .orElseThrow(() -> new UserFacingException("--variants: no variant labelled '" + label + "' in " + config.name()
                            + "; its labels are " + config.variants().stream().map(VariantSpec::label).collect(Collectors.joining(", "))));
            if (!chosen.contains(v)) {
                chosen.add(v);
            }
        }
        if (chosen.isEmpty()) {
            throw new UserFacingException("--variants is empty; pass one or more labels of " + config.name() + ": "
                    + config.variants().stream().map(VariantSpec::label).collect(Collectors.joining(", ")));
        }
        return chosen;
    }

    /** Plain full attention in every layer: the reference itself, left out by default. */
    static boolean isReference(VariantSpec v) {
        return v.name().equals(VariantSpec.FULL) && v.layers() == null;
    }
}
