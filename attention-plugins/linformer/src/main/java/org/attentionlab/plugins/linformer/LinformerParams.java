package org.attentionlab.plugins.linformer;

/**
 * @param k    rows the keys and values are projected to along the sequence
 * @param seed seed of the random projection
 */
public record LinformerParams(int k, int seed) {
}
