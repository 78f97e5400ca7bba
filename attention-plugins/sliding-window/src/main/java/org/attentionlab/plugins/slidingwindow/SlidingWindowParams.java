package org.attentionlab.plugins.slidingwindow;

/** The validated {@code params:} of {@code sliding-window}; ranges are checked by the factory's specs. */
public record SlidingWindowParams(int width, int globalTokens, int sinks, int dilation) {
}
