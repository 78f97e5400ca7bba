package org.attentionlab.cluster;

import org.attentionlab.runners.results.SizeTasks;

/**
 * What a task-references task returns for one context size: the reference's task scores (ONNX Runtime, full
 * attention) and, for an extended model, the truncation baseline's, as the local engine records them under
 * results.json's {@code referenceTasks} and {@code truncatedTasks}; or why they could not be scored.
 *
 * @param reference the reference's scores at the size; null when it failed
 * @param truncated the truncation baseline's scores at the size; null for a model that is not extended, or a failure
 * @param error     one line saying why the scores could not be computed; null when they were
 */
record TaskReferences(SizeTasks reference, SizeTasks truncated, String error) {
}
