package org.attentionlab.runners.execute;

import java.util.List;
import org.attentionlab.runners.results.CorpusCoverage;
import org.attentionlab.runners.results.PositionsRecord;

/**
 * What a workload knows about the run as a whole once its cells are done, for results.json and the
 * reports: the position extension, the corpus lines the documents read, and notes on what it changed
 * on its own (a reference algorithm switched to fit in memory).
 */
public record RunFacts(PositionsRecord positions, CorpusCoverage corpus, List<String> notes) {

    public static final RunFacts NONE = new RunFacts(null, null, List.of());

    public RunFacts {
        notes = List.copyOf(notes);
    }
}
