package org.attentionlab.runners.execute;

import java.util.List;
import java.util.function.Consumer;
import org.attentionlab.runners.config.RetrievalSpec;
import org.attentionlab.runners.plan.CellTask;
import org.attentionlab.runners.plan.PlannedCell;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.Gate;

/**
 * Runs the tasks of a plan: one cell, or one chunk of one cell's documents, to a {@link ChunkResult}.
 * {@link LocalExecutor} runs them in this JVM; an engine that spreads tasks over other JVMs implements the
 * same contract, returning per-document values that the driver aggregates with {@link CellAggregator}.
 *
 * <p>A task that fails (an exception, out of memory) is answered with {@link ChunkResult#failed}, never
 * thrown: one broken variant must not stop the sweep.
 */
public interface CellExecutor extends AutoCloseable {

    /** Runs the correctness gate before anything is timed; null for a kind that has none. */
    Gate gate();

    /** What the run as a whole should record; asked when the cells are done. */
    default RunFacts facts() {
        return RunFacts.NONE;
    }

    /** Runs one task. */
    ChunkResult execute(CellTask task);

    /**
     * Runs every cell and hands each to {@code record} the moment it is complete, once per cell, from the
     * calling thread. This default runs them one after the other, each as one timed task; an engine that
     * spreads the work runs many at once and may complete them in another order.
     */
    default void executeAll(List<PlannedCell> cells, Consumer<Cell> record) {
        for (PlannedCell planned : cells) {
            record.accept(CellAggregator.aggregate(planned, List.of(execute(planned.whole())), retrieval()));
        }
    }

    /** The run's retrieval settings, which the aggregation of a model cell needs; null when the test does not apply. */
    default RetrievalSpec retrieval() {
        return null;
    }

    /** Frees what the executor holds (reference outputs, sessions). */
    @Override
    void close();
}
