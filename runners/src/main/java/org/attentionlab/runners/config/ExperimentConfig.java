package org.attentionlab.runners.config;

import java.util.List;

/**
 * An experiment file as written by the user. {@link ConfigLoader} parses it and {@link ConfigValidator}
 * returns the {@link ResolvedExperiment} with every default filled.
 */
public record ExperimentConfig(String name, String kind, ReferenceSpec reference, CorpusSpec corpus,
                               List<Integer> contextSizes, List<VariantSpec> variants, MeasureSpec measure,
                               String output, KernelSpec kernel) {
}
