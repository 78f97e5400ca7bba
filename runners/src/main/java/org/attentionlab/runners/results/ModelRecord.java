package org.attentionlab.runners.results;

/**
 * The shape of the model a run measured, as read from its export: results.json's {@code model}.
 *
 * @param architecture {@code BERT}, {@code GPT2} or {@code LLAMA}, detected from the graph
 * @param layers       transformer layers
 * @param heads        query heads per layer
 * @param kvHeads      key/value heads per layer (fewer than {@code heads} under grouped-query attention)
 * @param dModel       width of the hidden state
 * @param vocab        rows of the token embedding (the width of the logits of a language model)
 */
public record ModelRecord(String architecture, int layers, int heads, int kvHeads, int dModel, int vocab) {

    /** The architectures that are causal language models: their cells carry next-token metrics. */
    public boolean causal() {
        return !"BERT".equals(architecture);
    }
}
