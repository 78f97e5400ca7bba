package org.attentionlab.runners.plan;

import org.attentionlab.runners.config.VariantSpec;

/**
 * The unit of work an executor runs: one variant at one context size on a contiguous range of the cell's
 * documents. The local executor runs each cell as one task; an engine that spreads a cell over machines
 * splits it with {@link PlannedCell#chunks} and aggregates the per-document values afterwards.
 *
 * @param variant       the variant, as resolved
 * @param contextSize   tokens per document
 * @param firstDocument index of the first document of this chunk within the cell's documents
 * @param documents     documents in this chunk
 * @param timed         whether this chunk also measures the cell's cost (latency, allocation); exactly one
 *                      chunk of a cell does, so that the latency is measured once, on one machine
 */
public record CellTask(VariantSpec variant, int contextSize, int firstDocument, int documents, boolean timed) {

    public CellTask {
        // no documents: an experiment that runs its tasks alone (the task's own inputs, timed once)
        if (firstDocument < 0 || documents < 0 || documents == 0 && !timed) {
            throw new IllegalArgumentException("a task needs documents [first >= 0, count >= 1; 0 only for the timed task], got "
                    + firstDocument + ", " + documents);
        }
    }

    /** The key of the cell this task belongs to (see {@link PlannedCell#key}). */
    public String cellKey() {
        return PlannedCell.key(variant.label(), contextSize);
    }
}
