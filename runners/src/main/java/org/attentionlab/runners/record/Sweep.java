package org.attentionlab.runners.record;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.VariantSpec;
import org.attentionlab.runners.execute.SweepProgress;
import org.attentionlab.runners.metrics.ScalingAnalysis;
import org.attentionlab.runners.report.ReportTables;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.Environment;
import org.attentionlab.runners.results.Gate;
import org.attentionlab.runners.results.RunResults;

/**
 * The loop every kind of sweep shares: for each context size, for each variant not yet on disk, measure
 * one cell, append it to the run folder the moment it is done, and go on when a cell fails.
 */
public abstract class Sweep {

    protected final ExperimentConfig config;
    protected final PluginRegistry plugins;
    protected final SweepProgress progress;

    protected Sweep(ExperimentConfig config, PluginRegistry plugins, SweepProgress progress) {
        this.config = config;
        this.plugins = plugins;
        this.progress = progress;
    }

    /** The correctness gate, or null for a kind that has none. */
    protected abstract Gate gate();

    /** Work shared by every variant at one context size (documents, the reference's outputs). */
    protected abstract void prepare(int n);

    /** Measures one variant at the size last prepared. */
    protected abstract Cell measure(VariantSpec variant, int n);

    /** Frees what {@link #prepare} kept for a size. */
    protected void release(int n) {
    }

    public RunResults run(RunFolder folder, Environment environment) {
        List<Cell> cells = new ArrayList<>(folder.finishedCells());
        Set<String> done = new HashSet<>();
        cells.forEach(c -> done.add(c.key()));
        progress.note("correctness gate...");
        Gate gate = gate();
        if (gate != null && !gate.passed()) {
            RunResults failed = results(folder, environment, gate, cells);
            folder.finish(failed);
            return failed;
        }
        long total = (long) config.contextSizes().size() * config.variants().size();
        progress.start(total, done.size());
        try {
            for (int n : config.contextSizes()) {
                List<VariantSpec> todo = config.variants().stream().filter(v -> !done.contains(v.label() + "@" + n)).toList();
                if (todo.isEmpty()) {
                    continue;
                }
                String prepareError = null;
                try {
                    progress.note("reference at n=" + n);
                    prepare(n);
                } catch (RuntimeException | OutOfMemoryError e) {
                    prepareError = describe(e);
                }
                for (VariantSpec v : todo) {
                    Cell cell = prepareError != null
                            ? failed(v, n, "preparing n=" + n + ": " + prepareError)
                            : measureSafely(v, n);
                    folder.append(cell);
                    cells.add(cell);
                    progress.cellDone(v.label() + " @ n=" + n + (cell.ok() ? "" : " FAILED"));
                }
                release(n);
            }
        } finally {
            progress.close();
        }
        RunResults results = results(folder, environment, gate, cells);
        folder.finish(results);
        return results;
    }

    private Cell measureSafely(VariantSpec v, int n) {
        try {
            return measure(v, n);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            return failed(v, n, describe(e));
        }
    }

    protected Cell failed(VariantSpec v, int n, String error) {
        return Cell.failed(v.name(), v.label(), v.params(), v.layers(), n, documents(), error);
    }

    /** Documents measured per cell. */
    protected abstract int documents();

    static String describe(Throwable e) {
        String message = e.getMessage();
        String kind = e instanceof OutOfMemoryError ? "out of memory"
                : e instanceof StackOverflowError ? "stack overflow" : e.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + message.lines().findFirst().orElse("");
    }

    private RunResults results(RunFolder folder, Environment environment, Gate gate, List<Cell> cells) {
        List<Cell> ordered = new ArrayList<>(cells);
        List<String> labels = config.variants().stream().map(VariantSpec::label).toList();
        ordered.sort(Comparator.<Cell>comparingInt(c -> config.contextSizes().indexOf(c.contextSize()))
                .thenComparingInt(c -> labels.indexOf(c.label())));
        boolean trustworthy = gate == null || gate.passed();
        RunResults draft = new RunResults(RunResults.SCHEMA_VERSION, config, environment, folder.start().startedAt(),
                Instant.now().toString(), gate, trustworthy, ordered, List.of());
        return new RunResults(draft.schemaVersion(), config, environment, draft.startedAt(), draft.finishedAt(), gate,
                trustworthy, ordered, ScalingAnalysis.analyse(ordered, ReportTables.baselineLabel(draft), fitFrom()));
    }

    private int fitFrom() {
        Integer from = config.measure().fitFrom();
        return from != null ? from : config.contextSizes().stream().min(Integer::compare).orElseThrow();
    }

    /** One attention per layer: the variant where it applies, full attention elsewhere (a hybrid). */
    protected List<Attention> attentionsFor(VariantSpec v, int layers) {
        List<Attention> list = new ArrayList<>(layers);
        for (int layer = 0; layer < layers; layer++) {
            boolean here = v.layers() == null || v.layers().contains(layer);
            list.add(here ? plugins.factory(v.name()).create(v.params()) : plugins.factory(VariantSpec.FULL).create(Map.of()));
        }
        return list;
    }
}
