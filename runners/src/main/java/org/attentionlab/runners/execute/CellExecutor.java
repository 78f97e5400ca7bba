package org.attentionlab.runners.execute;

import org.attentionlab.runners.plan.CellTask;
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

    /** Runs one task. */
    ChunkResult execute(CellTask task);

    /** Frees what the executor holds (reference outputs, sessions). */
    @Override
    void close();
}
