package org.attentionlab.runners.results;

import java.util.List;
import org.attentionlab.core.plugin.PluginJar;
import org.attentionlab.runners.config.ExperimentConfig;

/**
 * Everything a run records; written as {@code results.json}.
 *
 * @param schemaVersion version of this layout ({@link #SCHEMA_VERSION})
 * @param config        the experiment as it ran, every default filled
 * @param trustworthy   false when the gate failed: no figure of this run should be used
 * @param scaling       per variant, the fitted exponent and crossover
 * @param inputs         the model file, tokenizer file and corpus with their SHA-256, copied from
 *                       {@code run.json} ({@link RunStart#inputs()}): with {@code environment.gitCommit}, what
 *                       {@code compare} checks two runs against; null for a kernel sweep and in older runs
 * @param attnlabVersion the attention-lab version that started the run (null in older runs)
 * @param positions      the position extension the reference model ran with, or null
 * @param corpus         which corpus lines the documents read (model runs), or null
 * @param notes          what the run changed on its own and the reader must know (e.g. a kernel reference
 *                       switched to the tiled algorithm where materialized could not fit); empty if none
 * @param model          the model's architecture and shape (model runs), or null (kernel runs, older runs)
 * @param plugins        the jars loaded from the plugin path, copied from {@code run.json} ({@link RunStart#plugins()});
 *                       null or empty when only built-in plugins ran
 * @param referenceTasks the reference's task scores (ONNX Runtime, full attention) per context size; null without tasks
 * @param truncatedTasks the truncation baseline's task scores per context size: the unextended model on each
 *                       document's first P tokens (P its trained positions); null without tasks or extension
 */
public record RunResults(int schemaVersion, ExperimentConfig config, Environment environment, String startedAt,
                         String finishedAt, Gate gate, boolean trustworthy, List<Cell> cells, List<Scaling> scaling,
                         List<InputFile> inputs, String attnlabVersion, PositionsRecord positions, CorpusCoverage corpus,
                         List<String> notes, ModelRecord model, List<PluginJar> plugins, List<SizeTasks> referenceTasks,
                         List<SizeTasks> truncatedTasks) {

    public RunResults {
        notes = notes == null ? List.of() : List.copyOf(notes);
    }

    /** Results without task scores. */
    public RunResults(int schemaVersion, ExperimentConfig config, Environment environment, String startedAt,
                      String finishedAt, Gate gate, boolean trustworthy, List<Cell> cells, List<Scaling> scaling,
                      List<InputFile> inputs, String attnlabVersion, PositionsRecord positions, CorpusCoverage corpus,
                      List<String> notes, ModelRecord model, List<PluginJar> plugins) {
        this(schemaVersion, config, environment, startedAt, finishedAt, gate, trustworthy, cells, scaling, inputs, attnlabVersion,
                positions, corpus, notes, model, plugins, null, null);
    }

    /** Results of a run with built-in plugins only and without task scores. */
    public RunResults(int schemaVersion, ExperimentConfig config, Environment environment, String startedAt,
                      String finishedAt, Gate gate, boolean trustworthy, List<Cell> cells, List<Scaling> scaling,
                      List<InputFile> inputs, String attnlabVersion, PositionsRecord positions, CorpusCoverage corpus,
                      List<String> notes, ModelRecord model) {
        this(schemaVersion, config, environment, startedAt, finishedAt, gate, trustworthy, cells, scaling, inputs, attnlabVersion,
                positions, corpus, notes, model, null, null, null);
    }

    /** Results without the model's shape (older runs, tests). */
    public RunResults(int schemaVersion, ExperimentConfig config, Environment environment, String startedAt,
                      String finishedAt, Gate gate, boolean trustworthy, List<Cell> cells, List<Scaling> scaling,
                      List<InputFile> inputs, String attnlabVersion, PositionsRecord positions, CorpusCoverage corpus,
                      List<String> notes) {
        this(schemaVersion, config, environment, startedAt, finishedAt, gate, trustworthy, cells, scaling, inputs, attnlabVersion,
                positions, corpus, notes, null, null, null, null);
    }

    /** The truncation baseline's row label in reports ({@code truncate-512}), or null when the model is not extended. */
    public String truncationLabel() {
        return positions == null ? null : "truncate-" + positions.sourceRows();
    }

    /** True when the run measured a causal language model: its cells carry next-token metrics. */
    public boolean causal() {
        return model != null ? model.causal()
                : cells.stream().anyMatch(c -> c.accuracy() != null && c.accuracy().nextToken());
    }

    /** Results without input digests (tests). */
    public RunResults(int schemaVersion, ExperimentConfig config, Environment environment, String startedAt,
                      String finishedAt, Gate gate, boolean trustworthy, List<Cell> cells, List<Scaling> scaling) {
        this(schemaVersion, config, environment, startedAt, finishedAt, gate, trustworthy, cells, scaling, null, null, null, null, List.of());
    }

    /** 2: cells store their latency samples and per-document accuracy values. */
    public static final int SCHEMA_VERSION = 2;
    /** Runs from before samples were stored: readable, comparable only with {@code compare --legacy}. */
    public static final int FIRST_SCHEMA_VERSION = 1;

    /**
     * True when every measured cell stores what the statistical comparison needs: latency samples beside
     * the reference's, and per-document accuracy values.
     */
    public boolean hasSamples() {
        return cells.stream().filter(Cell::ok).allMatch(c ->
                (c.cost() == null || c.cost().latencySamplesMs() != null && c.cost().referenceSamplesMs() != null)
                        && (c.accuracy() == null || c.accuracy().perDocument() != null));
    }
}
