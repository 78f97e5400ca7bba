package org.attentionlab.plugins.full;

/** The validated {@code params:} of {@code full}; {@code blockSize} only matters for {@code tiled}. */
public record FullAttentionParams(String algorithm, int blockSize) {
}
