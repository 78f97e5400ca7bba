package org.attentionlab.runners.results;

/**
 * The executor that timed a cell, when the cells of a run were timed on other machines than the driver's.
 *
 * @param host        the executor's host name
 * @param executorId  the engine's id of the executor (Spark's {@code driver} in local mode)
 * @param environment that executor JVM's environment (CPU, cores, Java, ONNX Runtime)
 */
public record TimedOn(String host, String executorId, Environment environment) {
}
