package org.attentionlab.runners.compare;

/**
 * One metric of one cell checked between two runs.
 *
 * @param cell     {@code label@n}, or {@code run} for the whole run
 * @param metric   metric name, or {@code status}
 * @param baseline formatted baseline value (accuracy: mean over documents; latency: median ratio to the reference)
 * @param current  formatted current value
 * @param delta    formatted change (absolute for accuracy, relative for latency)
 * @param evidence what the verdict rests on: the bootstrap interval of the delta, or the Mann-Whitney p-value
 * @param verdict  what it means
 * @param numbers  the raw figures for machines (JUnit failure messages): baseline, current, delta and bounds
 */
public record Movement(String cell, String metric, String baseline, String current, String delta, String evidence,
                       Verdict verdict, String numbers) {

    /** A check whose figures are identical in both runs. */
    public boolean moved() {
        return verdict != Verdict.UNCHANGED;
    }
}
