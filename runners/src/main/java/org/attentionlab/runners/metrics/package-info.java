/**
 * Shared measures, below the four stages: how a variant's hidden state compares with the reference's
 * ({@link org.attentionlab.runners.metrics.HiddenStateComparison}), retrieval agreement, sentence embeddings,
 * the scaling fit and plain statistics. Pure functions of numbers; used by execute (per document), record (the
 * scaling of a run) and report.
 */
package org.attentionlab.runners.metrics;
