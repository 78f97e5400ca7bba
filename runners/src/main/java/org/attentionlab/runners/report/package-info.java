/**
 * Stage 4, report: results.csv, report.md, report.html, diagnostics.json and the terminal tables, drawn from a
 * run's {@link org.attentionlab.runners.results.RunResults} alone ({@link org.attentionlab.runners.report.Reports},
 * {@link org.attentionlab.runners.report.TerminalReport}), so the end of a run and {@code attnlab report} write the
 * same files with the same code. Reads results and the plan's baseline; nothing imports it but the cli.
 */
package org.attentionlab.runners.report;
