package org.attentionlab.plugins.linear;

/** The validated {@code params:} of {@code linear}; {@code features} and {@code seed} only matter for favor. */
public record LinearAttentionParams(String featureMap, int features, int seed) {
}
