package org.attentionlab.core.model;

/**
 * The shape of a BERT-family encoder, as read from its ONNX graph.
 *
 * @param layers        number of encoder layers
 * @param hidden        hidden width
 * @param heads         attention heads per layer
 * @param intermediate  feed-forward width
 * @param layerNormEps  epsilon of the LayerNorms (the embeddings' one; every LayerNorm keeps its own too)
 * @param maxPositions  rows of the position embedding table: the longest context the model accepts
 * @param vocabSize     rows of the word embedding table
 * @param typeVocabSize rows of the token type embedding table
 */
public record BertConfig(int layers, int hidden, int heads, int intermediate, float layerNormEps, int maxPositions,
                         int vocabSize, int typeVocabSize) {

    public BertConfig {
        if (layers < 1 || hidden < 1 || heads < 1 || intermediate < 1 || maxPositions < 1 || vocabSize < 1 || typeVocabSize < 1) {
            throw new IllegalArgumentException("every size must be >= 1: " + this);
        }
        if (hidden % heads != 0) {
            throw new IllegalArgumentException("hidden width " + hidden + " is not a multiple of the " + heads + " heads");
        }
    }

    /** Width of one attention head. */
    public int headDim() {
        return hidden / heads;
    }

    /** Refuses a context size the model cannot take (before anything runs). */
    public void checkContext(int n) {
        if (n < 1) {
            throw new IllegalArgumentException("context size must be >= 1, got " + n);
        }
        if (n > maxPositions) {
            throw new IllegalArgumentException("context size " + n + " exceeds the model's maximum positions " + maxPositions);
        }
    }
}
