package org.attentionlab.runners.config;

import java.util.List;

/**
 * An experiment file as written by the user. {@link ConfigLoader} parses it and {@link ConfigValidator}
 * returns it resolved: every default filled, every variant's params completed by its plugin.
 *
 * @param plugins plugin jars or folders of jars the experiment needs ({@code plugins: [path/to/x.jar]}),
 *                relative to the config's folder as written, absolute once resolved; null when none
 * @param tasks   the tasks with known answers ({@link TaskSpec}); null or empty when none
 */
public record ExperimentConfig(String name, ExperimentKind kind, ReferenceSpec reference, CorpusSpec corpus,
                               List<Integer> contextSizes, List<VariantSpec> variants, MeasureSpec measure,
                               String output, KernelSpec kernel, DiagnosticsSpec diagnostics, ExecutionSpec execution,
                               RetrievalSpec retrieval, DecodeSpec decode, List<String> plugins, List<TaskSpec> tasks) {

    /** An experiment without tasks. */
    public ExperimentConfig(String name, ExperimentKind kind, ReferenceSpec reference, CorpusSpec corpus,
                            List<Integer> contextSizes, List<VariantSpec> variants, MeasureSpec measure,
                            String output, KernelSpec kernel, DiagnosticsSpec diagnostics, ExecutionSpec execution,
                            RetrievalSpec retrieval, DecodeSpec decode, List<String> plugins) {
        this(name, kind, reference, corpus, contextSizes, variants, measure, output, kernel, diagnostics, execution, retrieval, decode,
                plugins, null);
    }

    /** An experiment that needs no plugin from outside the class path. */
    public ExperimentConfig(String name, ExperimentKind kind, ReferenceSpec reference, CorpusSpec corpus,
                            List<Integer> contextSizes, List<VariantSpec> variants, MeasureSpec measure,
                            String output, KernelSpec kernel, DiagnosticsSpec diagnostics, ExecutionSpec execution,
                            RetrievalSpec retrieval, DecodeSpec decode) {
        this(name, kind, reference, corpus, contextSizes, variants, measure, output, kernel, diagnostics, execution, retrieval, decode,
                null, null);
    }

    /** An experiment without decoding. */
    public ExperimentConfig(String name, ExperimentKind kind, ReferenceSpec reference, CorpusSpec corpus,
                            List<Integer> contextSizes, List<VariantSpec> variants, MeasureSpec measure,
                            String output, KernelSpec kernel, DiagnosticsSpec diagnostics, ExecutionSpec execution,
                            RetrievalSpec retrieval) {
        this(name, kind, reference, corpus, contextSizes, variants, measure, output, kernel, diagnostics, execution, retrieval, null);
    }

    /** Tokens decoded per document after the prefill (0 without {@code decode}). */
    public int decodeTokens() {
        return decode == null || decode.tokens() == null ? 0 : decode.tokens();
    }

    /** An experiment on the default engine without retrieval settings (resolved configs get both from the validator). */
    public ExperimentConfig(String name, ExperimentKind kind, ReferenceSpec reference, CorpusSpec corpus, List<Integer> contextSizes,
                            List<VariantSpec> variants, MeasureSpec measure, String output, KernelSpec kernel, DiagnosticsSpec diagnostics) {
        this(name, kind, reference, corpus, contextSizes, variants, measure, output, kernel, diagnostics, null, null);
    }

    /** The same experiment on another engine (the command line's {@code --engine}, or a resumed run's). */
    public ExperimentConfig withExecution(ExecutionSpec other) {
        return new ExperimentConfig(name, kind, reference, corpus, contextSizes, variants, measure, output, kernel, diagnostics,
                other, retrieval, decode, plugins, tasks);
    }

    /** The same experiment with other model and corpus settings (the same files at another machine's paths). */
    public ExperimentConfig withInputs(ReferenceSpec otherReference, CorpusSpec otherCorpus) {
        return new ExperimentConfig(name, kind, otherReference, otherCorpus, contextSizes, variants, measure, output, kernel, diagnostics,
                execution, retrieval, decode, plugins, tasks);
    }

    /** The engine settings; the local engine's when none are given. */
    public ExecutionSpec executionOrDefault() {
        return execution == null ? ExecutionSpec.defaults() : execution;
    }

    /** An experiment without diagnostics and retrieval settings (the fields the YAML may omit). */
    public ExperimentConfig(String name, ExperimentKind kind, ReferenceSpec reference, CorpusSpec corpus, List<Integer> contextSizes,
                            List<VariantSpec> variants, MeasureSpec measure, String output, KernelSpec kernel) {
        this(name, kind, reference, corpus, contextSizes, variants, measure, output, kernel, null, null, null);
    }

    /** True when there are enough documents for the retrieval test to mean something (see {@link RetrievalSpec}). */
    public boolean retrievalRuns() {
        return retrieval != null && corpus != null && corpus.documents() > 0 && corpus.documents() >= retrieval.minPool();
    }

    /** The tasks with known answers (empty when none are asked for). */
    public List<TaskSpec> tasksOrEmpty() {
        return tasks == null ? List.of() : tasks;
    }

    /** True when the per-layer diagnostics are asked for. */
    public boolean diagnosticsEnabled() {
        return diagnostics != null && Boolean.TRUE.equals(diagnostics.enabled());
    }
}
