package org.attentionlab.runners.results;

/** Where a run ran: enough to tell whether two runs' costs can be compared. */
public record Environment(String javaVersion, String javaVendor, String os, String cpuModel, int cores, int threads,
                          String onnxRuntimeVersion, String vectorWidth, String gitCommit) {
}
