package org.attentionlab.runners.execute;

import java.util.List;
import org.attentionlab.core.text.CorpusSample;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.results.CorpusCoverage;
import org.attentionlab.runners.results.ModelRecord;
import org.attentionlab.runners.results.PositionsRecord;

/**
 * What a workload knows about the run as a whole once its cells are done, for results.json and the
 * reports: the position extension, the corpus lines the documents read, and notes on what it changed
 * on its own (a reference algorithm switched to fit in memory).
 */
public record RunFacts(PositionsRecord positions, CorpusCoverage corpus, List<String> notes, ModelRecord model) {

    public static final RunFacts NONE = new RunFacts(null, null, List.of(), null);

    /** Facts without the model's shape (kernel sweeps). */
    public RunFacts(PositionsRecord positions, CorpusCoverage corpus, List<String> notes) {
        this(positions, corpus, notes, null);
    }

    public RunFacts {
        notes = List.copyOf(notes);
    }

    /** A model run's facts, whichever engine ran its cells: the extension and the documents' lines at the largest size. */
    public static RunFacts ofModel(ExperimentConfig config, LoadedModel model) {
        if (model.causal()) {
            return DecoderWorkload.facts(config, model.decoder());
        }
        int largest = config.contextSizes().stream().max(Integer::compare).orElseThrow();
        int documents = config.corpus().documents();
        CorpusSample sample = model.sample(largest, documents); // kept by LoadedModel: the documents the cells used
        return new RunFacts(PositionsRecord.of(model.positions()),
                new CorpusCoverage(largest, documents, sample.distinctLines(), sample.linesUsed(), model.corpus().lines().size()), List.of(),
                new ModelRecord("BERT", model.shape().layers(), model.shape().heads(), model.shape().heads(), model.shape().hidden(),
                        model.shape().vocabSize()));
    }
}
