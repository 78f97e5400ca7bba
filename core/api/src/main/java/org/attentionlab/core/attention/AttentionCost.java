package org.attentionlab.core.attention;

/**
 * Analytic cost of one attention call over all heads.
 *
 * @param flops        floating-point operations (a multiply-add counts as 2)
 * @param scratchBytes peak bytes of temporary storage beyond the inputs and the output
 */
public record AttentionCost(long flops, long scratchBytes) {
}
