package org.attentionlab.runners.plan;

import java.util.ArrayList;
import java.util.List;
import org.attentionlab.runners.config.VariantSpec;

/**
 * One cell of a run's plan: a variant at a context size, measured on {@code documents} documents.
 *
 * @param variant     the variant, as resolved
 * @param contextSize tokens per document
 * @param documents   documents the cell is measured on
 */
public record PlannedCell(VariantSpec variant, int contextSize, int documents) {

    /** The key a cell is matched by across runs and on resume: {@code label@n} (as {@code Cell.key()}). */
    public String key() {
        return key(variant.label(), contextSize);
    }

    static String key(String label, int contextSize) {
        return label + "@" + contextSize;
    }

    /** The whole cell as one task, timed: how the local executor runs it. */
    public CellTask whole() {
        return new CellTask(variant, contextSize, 0, documents, true);
    }

    /**
     * The cell split into tasks of at most {@code chunkSize} documents, in document order; the first is the
     * timed one. The per-document values of all of them, aggregated, give the same cell as {@link #whole}.
     */
    public List<CellTask> chunks(int chunkSize) {
        if (chunkSize < 1) {
            throw new IllegalArgumentException("chunk size must be >= 1, got " + chunkSize);
        }
        List<CellTask> tasks = new ArrayList<>();
        if (documents == 0) {
            return List.of(whole()); // the tasks alone: one timed task
        }
        for (int first = 0; first < documents; first += chunkSize) {
            tasks.add(new CellTask(variant, contextSize, first, Math.min(chunkSize, documents - first), first == 0));
        }
        return tasks;
    }
}
