package org.attentionlab.plugins.full;

/** {@code full} has no parameters yet. */
public record FullAttentionParams() {
}
