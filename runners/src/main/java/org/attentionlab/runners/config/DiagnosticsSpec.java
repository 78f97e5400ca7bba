package org.attentionlab.runners.config;

/**
 * Per-layer, per-head diagnostics of the model sweep ({@code kind: model} only): attention entropy of full
 * attention, coverage of a sparse variant's pattern, and hidden-state drift after every layer. They run
 * outside the timed loops, on the first {@code documents} documents of each context size.
 *
 * @param enabled   compute and report them
 * @param documents documents per context size they are measured on (1 to {@code corpus.documents})
 */
public record DiagnosticsSpec(Boolean enabled, Integer documents) {

    public static DiagnosticsSpec defaults() {
        return new DiagnosticsSpec(false, 1);
    }
}
