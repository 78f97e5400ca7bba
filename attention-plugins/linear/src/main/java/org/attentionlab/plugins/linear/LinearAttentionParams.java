package org.attentionlab.plugins.linear;

/** The validated {@code params:} of {@code linear}; {@code features} and {@code seed} are null unless featureMap is favor. */
public record LinearAttentionParams(String featureMap, Integer features, Integer seed) {
}
