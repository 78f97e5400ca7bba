package org.attentionlab.runners.plan;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.ExperimentKind;
import org.attentionlab.runners.config.VariantSpec;

/**
 * What a run measures, decided from the resolved config alone: the cells in the order they run (context
 * sizes as listed, each with every variant in the config's order), the baseline every cost is divided by,
 * and the context size the scaling fit starts from.
 *
 * @param config        the resolved experiment
 * @param cells         every cell, in run order
 * @param baselineLabel the label of plain full attention in every layer (the reports' baseline), or null
 *                      when the config has none
 * @param fitFrom       the smallest context size the scaling exponent is fitted over
 */
public record RunPlan(ExperimentConfig config, List<PlannedCell> cells, String baselineLabel, int fitFrom) {

    /** The plan of a resolved config. */
    public static RunPlan of(ExperimentConfig config) {
        int documents = documentsPerCell(config);
        List<PlannedCell> cells = new ArrayList<>();
        for (int n : config.contextSizes()) {
            for (VariantSpec v : config.variants()) {
                cells.add(new PlannedCell(v, n, documents));
            }
        }
        Integer from = config.measure().fitFrom();
        int fitFrom = from != null ? from : config.contextSizes().stream().min(Integer::compare).orElseThrow();
        return new RunPlan(config, List.copyOf(cells), baselineLabel(config), fitFrom);
    }

    /**
     * The label of the variant that is plain full attention in every layer, or null: the first {@code full}
     * variant without {@code layers} that runs the materialized algorithm (the reference algorithm), else the
     * first {@code full} variant without {@code layers} (full's default, the tiled algorithm, since issue 22).
     */
    public static String baselineLabel(ExperimentConfig config) {
        List<VariantSpec> plain = config.variants().stream()
                .filter(v -> v.name().equals(VariantSpec.FULL) && v.layers() == null).toList();
        return plain.stream().filter(v -> "materialized".equals(v.params() == null ? null : v.params().get("algorithm")))
                .map(VariantSpec::label).findFirst()
                .orElse(plain.isEmpty() ? null : plain.get(0).label());
    }

    /** Documents per cell: the corpus's for a model sweep, one set of random Q, K, V for a kernel sweep. */
    static int documentsPerCell(ExperimentConfig config) {
        return config.kind() == ExperimentKind.KERNEL ? 1 : config.corpus().documents();
    }

    /** The cells whose key is not in {@code done} (a resumed run's finished cells), in run order. */
    public List<PlannedCell> remaining(Set<String> done) {
        return cells.stream().filter(c -> !done.contains(c.key())).toList();
    }
}
