/**
 * Stage 2, execute: runs one task (a cell, or a chunk of one cell's documents) to per-document accuracy, the
 * cost and the diagnostics ({@link org.attentionlab.runners.execute.ChunkResult}), behind {@link
 * org.attentionlab.runners.execute.CellExecutor}; {@link org.attentionlab.runners.execute.LocalExecutor} runs tasks
 * in this JVM on a {@link org.attentionlab.runners.execute.Workload} per kind (the model against ONNX Runtime, or
 * attention alone), and {@link org.attentionlab.runners.execute.CellAggregator} turns a cell's chunks into its
 * result wherever they ran. Imports plan, never record or report.
 */
package org.attentionlab.runners.execute;
