package org.attentionlab.runners.execute;

import java.util.List;
import java.util.Map;
import org.attentionlab.runners.results.TaskScore;
import org.attentionlab.runners.plan.CellTask;
import org.attentionlab.runners.results.CellDiagnostics;
import org.attentionlab.runners.results.Cost;

/**
 * What an executor returns for one {@link CellTask}: per-document accuracy, and the cell's cost and
 * diagnostics when this chunk measured them. {@link CellAggregator} turns a cell's chunks into its result.
 *
 * @param task        the task this answers
 * @param documents   one entry per document of the chunk, in document order; empty when it failed
 * @param cost        the cell's cost when the task was the timed one, else null
 * @param diagnostics the cell's per-layer diagnostics when this chunk holds the diagnostics documents (the
 *                    first ones of the cell) and they are on, else null
 * @param error       why the task failed, in one line; null when it did not
 * @param tasks       the variant's scores on the experiment's tasks when this chunk is the timed one (tasks are
 *                    scored once per cell); else null
 */
public record ChunkResult(CellTask task, List<DocumentAccuracy> documents, Cost cost, CellDiagnostics diagnostics, String error,
                          Map<String, TaskScore> tasks) {

    /** A chunk without task scores. */
    public ChunkResult(CellTask task, List<DocumentAccuracy> documents, Cost cost, CellDiagnostics diagnostics, String error) {
        this(task, documents, cost, diagnostics, error, null);
    }

    /** A task that failed; the whole cell is recorded as failed with this error. */
    public static ChunkResult failed(CellTask task, String error) {
        return new ChunkResult(task, List.of(), null, null, error);
    }

    public boolean ok() {
        return error == null;
    }
}
