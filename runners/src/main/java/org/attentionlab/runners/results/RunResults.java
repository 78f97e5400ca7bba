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
 * @param positions     the position extension the reference model ran with, or null
 * @param corpus        which corpus lines the documents read (model runs), or null
 * @param notes         what the run changed on its own and the reader must know (e.g. a kernel reference
 *                      switched to the tiled algorithm where materialized could not fit); empty if none
 */
public record RunResults(int schemaVersion, ExperimentConfig config, Environment environment, String startedAt,
                         String finishedAt, Gate gate, boolean trustworthy, List<Cell> cells, List<Scaling> scaling,
                         PositionsRecord positions, CorpusCoverage corpus, List<String> notes) {

    public RunResults {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    public RunResults(int schemaVersion, ExperimentConfig config, Environment environment, String startedAt, String finishedAt,
                      Gate gate, boolean trustworthy, List<Cell> cells, List<Scaling> scaling) {
        this(schemaVersion, config, environment, startedAt, finishedAt, gate, trustworthy, cells, scaling, null, null, List.of());
    }

    public static final int SCHEMA_VERSION = 1;
}
