/**
 * Stage 3, record: the run folder ({@link org.attentionlab.runners.record.RunFolder}: run.json at the start, each
 * cell appended to cells.jsonl the moment it is done, results.json last, resume of an interrupted run) and the
 * loop that feeds the plan's remaining cells to an executor and records them ({@link
 * org.attentionlab.runners.record.Sweep}). It writes the reports it is handed but never draws them: it imports
 * plan and execute, never report.
 */
package org.attentionlab.runners.record;
