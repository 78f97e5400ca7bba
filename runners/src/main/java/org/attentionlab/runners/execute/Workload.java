package org.attentionlab.runners.execute;

import org.attentionlab.runners.plan.CellTask;
import org.attentionlab.runners.results.Gate;

/**
 * The measurement of one kind of experiment, free of any scheduling: what the reference gives at a context
 * size, and one task's per-document accuracy, cost and diagnostics against it. An executor decides where
 * and in which order tasks run; a workload only runs them.
 */
public interface Workload {

    /** The correctness gate, or null for a kind that has none. */
    Gate gate();

    /**
     * Computes what every task at context size {@code n} shares (documents, the reference's outputs). Called
     * before the first task of a size; a task of a size not prepared prepares it.
     */
    void prepare(int n);

    /** Measures one task at the size last prepared. May throw: the executor turns that into a failed result. */
    ChunkResult run(CellTask task);

    /**
     * Null when the task's peak-memory estimate fits; else one line naming the estimate, the limit and
     * what to change. Asked before {@link #run}, after {@link #prepare}.
     */
    default String memoryRefusal(CellTask task) {
        return null;
    }

    /** What the run as a whole should record (see {@link RunFacts}); asked when the cells are done. */
    default RunFacts facts() {
        return RunFacts.NONE;
    }

    /** Frees what {@link #prepare} kept. */
    void release();
}
