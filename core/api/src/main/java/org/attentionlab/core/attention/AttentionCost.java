package org.attentionlab.core.attention;

import org.attentionlab.core.plugin.ExtensionPoint;

/**
 * Analytic cost of one attention call over all heads, as {@link Attention#cost} reports it; the runners
 * put it beside the measured latency, so it counts what the algorithm does, not what a dense one would.
 *
 * @param flops        floating-point operations of the whole call, all heads (a multiply-add counts as 2)
 * @param scratchBytes peak bytes of temporary storage in use at once during the call (all kernel threads
 *                     together), beyond the inputs and the output
 */
@ExtensionPoint
public record AttentionCost(long flops, long scratchBytes) {
}
