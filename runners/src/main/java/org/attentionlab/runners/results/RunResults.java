package org.attentionlab.runners.results;

import java.util.List;
import org.attentionlab.runners.config.ExperimentConfig;

/**
 * Everything a run records; written as {@code results.json}.
 *
 * @param schemaVersion version of this layout ({@link #SCHEMA_VERSION})
 * @param config        the experiment as it ran, every default filled
 * @param trustworthy   false when the gate failed: no figure of this run should be used
 * @param scaling       per variant, the fitted exponent and crossover
 */
public record RunResults(int schemaVersion, ExperimentConfig config, Environment environment, String startedAt,
                         String finishedAt, Gate gate, boolean trustworthy, List<Cell> cells, List<Scaling> scaling) {

    public static final int SCHEMA_VERSION = 1;
}
