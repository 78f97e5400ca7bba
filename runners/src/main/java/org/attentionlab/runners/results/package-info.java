/**
 * Shared data, below the four stages: what a run records and every later stage reads. {@link
 * org.attentionlab.runners.results.Cell} (one line of cells.jsonl), {@link org.attentionlab.runners.results.RunResults}
 * (results.json), {@link org.attentionlab.runners.results.RunStart} (run.json), {@link
 * org.attentionlab.runners.results.DiagnosticsSummary} (diagnostics.json: the one grouping of diagnostics by context
 * size), the JSON mapper and the reader of a finished run. Records and their JSON only; imports only config.
 */
package org.attentionlab.runners.results;
