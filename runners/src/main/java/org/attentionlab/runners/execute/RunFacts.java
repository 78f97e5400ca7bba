package org.attentionlab.runners.execute;

import java.util.List;
import org.attentionlab.core.text.CorpusSample;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.results.CorpusCoverage;
import org.attentionlab.runners.results.ModelRecord;
import org.attentionlab.runners.results.PositionsRecord;
import org.attentionlab.runners.results.SizeTasks;

/**
 * What a workload knows about the run as a whole once its cells are done, for results.json and the
 * reports: the position extension, the corpus lines the documents read, and notes on what it changed
 * on its own (a reference algorithm switched to fit in memory), and the task scores of the sides that are not
 * variants (the reference, the truncation baseline; null without tasks).
 */
public record RunFacts(PositionsRecord positions, CorpusCoverage corpus, List<String> notes, ModelRecord model,
                       List<SizeTasks> referenceTasks, List<SizeTasks> truncatedTasks) {

    public static final RunFacts NONE = new RunFacts(null, null, List.of(), null);

    /** Facts without the model's shape (kernel sweeps). */
    public RunFacts(PositionsRecord positions, CorpusCoverage corpus, List<String> notes) {
        this(positions, corpus, notes, null);
    }

    /** Facts without task scores. */
    public RunFacts(PositionsRecord positions, CorpusCoverage corpus, List<String> notes, ModelRecord model) {
        this(positions, corpus, notes, model, null, null);
    }

    public RunFacts {
        notes = List.copyOf(notes);
    }

    /** The same facts with the reference's and the truncation baseline's task scores per context size. */
    public RunFacts withTasks(List<SizeTasks> reference, List<SizeTasks> truncated) {
        return new RunFacts(positions, corpus, notes, model, reference, truncated);
    }

    /** A model run's facts, whichever engine ran its cells: the extension and the documents' lines at the largest size. */
    public static RunFacts ofModel(ExperimentConfig config, LoadedModel model) {
        if (model.causal()) {
            return DecoderWorkload.facts(config, model.decoder());
        }
        int largest = config.contextSizes().stream().max(Integer::compare).orElseThrow();
        int documents = config.corpus().documents();
        ModelRecord shape = new ModelRecord("BERT", model.shape().layers(), model.shape().heads(), model.shape().heads(), model.shape().hidden(),
                model.shape().vocabSize());
        if (documents == 0) {
            return new RunFacts(PositionsRecord.of(model.positions()), null, List.of(), shape); // the tasks alone read their own text
        }
        CorpusSample sample = model.sample(largest, documents); // kept by LoadedModel: the documents the cells used
        return new RunFacts(PositionsRecord.of(model.positions()),
                new CorpusCoverage(largest, documents, sample.distinctLines(), sample.linesUsed(), model.corpus().lines().size()), List.of(),
                shape);
    }
}
