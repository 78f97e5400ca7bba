package org.attentionlab.runners.compare;

/**
 * One metric of one cell that differs between the runs.
 *
 * @param cell     {@code label@n}, or {@code run} for the whole run
 * @param metric   metric name, or {@code status}
 * @param baseline formatted baseline value
 * @param current  formatted current value
 * @param delta    formatted change (absolute for accuracy, relative for cost)
 */
public record Movement(String cell, String metric, String baseline, String current, String delta, Verdict verdict) {
}
