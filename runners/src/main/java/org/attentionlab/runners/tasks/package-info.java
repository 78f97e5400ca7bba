/**
 * Shared data and measures, below the four stages: tasks with known answers. Generators of the synthetic
 * tasks after LongEmbed ({@link org.attentionlab.runners.tasks.Haystack}: passkey and needle), the reader of
 * labelled sets in the BEIR layout ({@link org.attentionlab.runners.tasks.BeirSet}), the ranking measures as
 * trec_eval computes them ({@link org.attentionlab.runners.tasks.RankingMetrics}) and the scoring of one side's
 * embeddings ({@link org.attentionlab.runners.tasks.TaskScorer}). Imports config and results only.
 */
package org.attentionlab.runners.tasks;
