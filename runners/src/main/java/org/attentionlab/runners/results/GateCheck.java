package org.attentionlab.runners.results;

/** The Java model with full attention against the reference on one document. */
public record GateCheck(int contextSize, double tokenCosineMin, double maxAbsError, boolean passed) {
}
