package org.attentionlab.runners.config;

import org.attentionlab.core.model.BertConfig;
import org.attentionlab.runners.memory.CellMemory;
import org.attentionlab.runners.memory.MemoryBudget;

/**
 * What every cell of a size needs whatever the variant (the inputs, the documents, the reference's
 * outputs), checked at validation against the same estimates the sweeps use, so that a run that
 * cannot fit anywhere is refused in one line before it starts, not cell by cell with "Java heap space".
 */
public final class MemoryChecks {

    private MemoryChecks() {
    }

    /** A kernel sweep: Q, K, V and the reference output at the largest size. */
    static void checkKernel(KernelSpec k, int largest, MemoryBudget budget, ConfigSource src) {
        String refusal = budget.refusal("'kernel.heads' " + k.heads() + " x dHead " + k.dHead() + " at n = " + largest,
                CellMemory.kernelShared(k.heads(), k.dHead(), largest), "use fewer kernel.heads, smaller contextSizes, or a bigger heap (ATTNLAB_JAVA_OPTS=-Xmx<size>)");
        if (refusal != null) {
            throw new ConfigException(src.at("/kernel/heads") + refusal);
        }
    }

    /**
     * A model sweep before the model is read: the documents' ids and the reference's outputs at the
     * largest size, with the model's width taken as 1 (a lower bound); {@link #checkModel} repeats it
     * with the real shape.
     */
    static void checkDocuments(CorpusSpec corpus, int largest, MemoryBudget budget, ConfigSource src) {
        refuseDocuments(corpus, largest, CellMemory.modelShared(0, 1, 0, 0, largest, corpus.documents()), budget, src);
    }

    /** A model sweep once the shape is known: the documents, the reference's outputs and the weights. */
    public static void checkModel(ExperimentConfig c, BertConfig shape, long onnxBytes, MemoryBudget budget, ConfigSource src) {
        int largest = c.contextSizes().stream().max(Integer::compare).orElseThrow();
        MemoryBudget.Estimate heapOnly = CellMemory.modelShared(CellMemory.weights(shape, onnxBytes), shape.hidden(), 0, 0, largest,
                c.corpus().documents());
        refuseDocuments(c.corpus(), largest, heapOnly, budget, src);
    }

    private static void refuseDocuments(CorpusSpec corpus, int largest, MemoryBudget.Estimate estimate, MemoryBudget budget, ConfigSource src) {
        String refusal = budget.refusal("'corpus.documents' " + corpus.documents() + " at n = " + largest, estimate,
                "use fewer corpus.documents, smaller contextSizes, or a bigger heap (ATTNLAB_JAVA_OPTS=-Xmx<size>)");
        if (refusal != null) {
            throw new ConfigException(src.at("/corpus/documents") + refusal);
        }
    }
}
