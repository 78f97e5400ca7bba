package org.attentionlab.runners.results;

import java.util.List;
import java.util.Map;

/**
 * One result of a sweep: one variant at one context size.
 *
 * @param variant     plugin name
 * @param label       the variant's unique label
 * @param params      its parameters as they ran (defaults filled)
 * @param layers      the layers that used it (null: all)
 * @param contextSize tokens per document
 * @param documents   documents measured
 * @param status      {@code ok} or {@code failed}
 * @param error       why it failed (null when ok)
 * @param diagnostics per-layer diagnostics, null when they are off (or the cell failed)
 * @param timedOn     the executor that timed the cell on an engine that spreads work over machines (its host and
 *                    environment); null on the local engine, where the run's environment is the cell's
 * @param tasks       task label -> the variant's score on that task with known answers; null when the experiment has no tasks
 */
public record Cell(String variant, String label, Map<String, Object> params, List<Integer> layers, int contextSize,
                   int documents, String status, String error, Accuracy accuracy, Cost cost, CellDiagnostics diagnostics,
                   TimedOn timedOn, Map<String, TaskScore> tasks) {

    /** A cell without tasks. */
    public Cell(String variant, String label, Map<String, Object> params, List<Integer> layers, int contextSize,
                int documents, String status, String error, Accuracy accuracy, Cost cost, CellDiagnostics diagnostics,
                TimedOn timedOn) {
        this(variant, label, params, layers, contextSize, documents, status, error, accuracy, cost, diagnostics, timedOn, null);
    }

    /** A cell timed in the run's own JVM. */
    public Cell(String variant, String label, Map<String, Object> params, List<Integer> layers, int contextSize,
                int documents, String status, String error, Accuracy accuracy, Cost cost, CellDiagnostics diagnostics) {
        this(variant, label, params, layers, contextSize, documents, status, error, accuracy, cost, diagnostics, null);
    }

    /** The same cell, recorded as timed by {@code executor}. */
    public Cell timedOn(TimedOn executor) {
        return new Cell(variant, label, params, layers, contextSize, documents, status, error, accuracy, cost, diagnostics, executor, tasks);
    }

    public static final String OK = "ok";
    public static final String FAILED = "failed";

    /** A cell without diagnostics. */
    public Cell(String variant, String label, Map<String, Object> params, List<Integer> layers, int contextSize,
                int documents, String status, String error, Accuracy accuracy, Cost cost) {
        this(variant, label, params, layers, contextSize, documents, status, error, accuracy, cost, null, null);
    }

    public boolean ok() {
        return OK.equals(status);
    }

    /** The key cells are matched by across runs. */
    public String key() {
        return label + "@" + contextSize;
    }

    public static Cell failed(String variant, String label, Map<String, Object> params, List<Integer> layers,
                              int contextSize, int documents, String error) {
        return new Cell(variant, label, params, layers, contextSize, documents, FAILED, error, null, null);
    }
}
