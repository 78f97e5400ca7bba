package org.attentionlab.plugins.full;

/** The validated {@code params:} of {@code full}; {@code blockSize} is null unless the algorithm is {@code tiled}. */
public record FullAttentionParams(String algorithm, Integer blockSize) {
}
