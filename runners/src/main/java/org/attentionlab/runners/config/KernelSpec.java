package org.attentionlab.runners.config;

/**
 * The synthetic attention inputs of a {@code kind: kernel} experiment.
 *
 * @param heads  heads per call
 * @param dHead  width of one head
 * @param seed   seed of the random Q, K, V
 * @param causal causal attention
 */
public record KernelSpec(Integer heads, Integer dHead, Long seed, Boolean causal) {

    public static KernelSpec defaults() {
        return new KernelSpec(12, 32, 0L, false);
    }
}
