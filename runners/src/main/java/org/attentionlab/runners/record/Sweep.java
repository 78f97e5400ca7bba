package org.attentionlab.runners.record;

import org.attentionlab.runners.execute.RunFacts;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.VariantSpec;
import org.attentionlab.runners.execute.CellExecutor;
import org.attentionlab.runners.execute.SweepProgress;
import org.attentionlab.runners.metrics.ScalingAnalysis;
import org.attentionlab.runners.plan.RunPlan;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.Environment;
import org.attentionlab.runners.results.Gate;
import org.attentionlab.runners.results.RunResults;

/**
 * Runs a plan's cells that are not yet on disk through an executor and records each the moment it is done
 * ({@code cells.jsonl}), going on when a cell fails; then gathers the run's results. It writes no report:
 * the caller finishes the run folder with the reports (see {@link RunFolder#finish}).
 */
public final class Sweep {

    private final RunPlan plan;
    private final CellExecutor executor;
    private final SweepProgress progress;

    public Sweep(RunPlan plan, CellExecutor executor, SweepProgress progress) {
        this.plan = plan;
        this.executor = executor;
        this.progress = progress;
    }

    /** Runs the gate, then every remaining cell; returns the results of all cells, the resumed ones included. */
    public RunResults run(RunFolder folder, Environment environment) {
        // a failed cell of an earlier session runs again; its attempt stays in cells.jsonl as history
        List<Cell> cells = new ArrayList<>(folder.finishedCells().stream().filter(Cell::ok).toList());
        Set<String> done = new HashSet<>();
        cells.forEach(c -> done.add(c.key()));
        progress.note("correctness gate...");
        Gate gate = executor.gate();
        if (gate != null && !gate.passed()) {
            return results(folder, environment, gate, cells);
        }
        progress.start(plan.cells().size(), done.size());
        try {
            executor.executeAll(plan.remaining(done), cell -> {
                folder.append(cell);
                cells.add(cell);
                progress.cellDone(cell.label() + " @ n=" + cell.contextSize() + (cell.ok() ? "" : " FAILED"));
            });
        } finally {
            progress.close();
        }
        return results(folder, environment, gate, cells);
    }

    /** The cells in plan order (sizes as listed, variants as listed) with the scaling fit against the plan's baseline. */
    private RunResults results(RunFolder folder, Environment environment, Gate gate, List<Cell> cells) {
        ExperimentConfig config = plan.config();
        List<Cell> ordered = new ArrayList<>(cells);
        List<String> labels = config.variants().stream().map(VariantSpec::label).toList();
        ordered.sort(Comparator.<Cell>comparingInt(c -> config.contextSizes().indexOf(c.contextSize()))
                .thenComparingInt(c -> labels.indexOf(c.label())));
        boolean trustworthy = gate == null || gate.passed();
        RunFacts facts = executor.facts();
        return new RunResults(RunResults.SCHEMA_VERSION, config, environment, folder.start().startedAt(), Instant.now().toString(),
                gate, trustworthy, ordered, ScalingAnalysis.analyse(ordered, plan.baselineLabel(), plan.fitFrom()),
                folder.start() == null ? null : folder.start().inputs(),
                folder.start() == null ? null : folder.start().attnlabVersion(),
                facts.positions(), facts.corpus(), facts.notes(), facts.model(),
                folder.start() == null ? null : folder.start().plugins(), facts.referenceTasks(), facts.truncatedTasks());
    }
}
