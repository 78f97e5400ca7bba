package org.attentionlab.runners.results;

import java.util.Map;

/**
 * The task scores of one side that is not a variant (the reference, the truncation baseline) at one context size.
 *
 * @param contextSize tokens per document
 * @param tasks       task label -> score
 */
public record SizeTasks(int contextSize, Map<String, TaskScore> tasks) {
}
