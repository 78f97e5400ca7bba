package org.attentionlab.runners.execute;

/**
 * One document's accuracy against the reference: what an executor produces per document, so that a cell
 * split over machines is aggregated (means, retrieval) by {@link CellAggregator} after the fact, exactly as if
 * one machine had run it. An encoder's document has the hidden-state figures; a decoder's has
 * {@link #nextToken} instead (the hidden-state figures null).
 *
 * @param document           index of the document within the cell's documents
 * @param tokenCosineMean    mean over tokens of the cosine between variant and reference hidden states
 * @param tokenCosineMin     minimum over tokens of that cosine
 * @param relL2              ||variant - reference|| / ||reference||
 * @param maxAbsError        largest absolute difference of one element
 * @param embeddingCosine    cosine of the two sentence embeddings; null where there are none (kernel sweeps)
 * @param retrieval          the document's query and passage embedded by both sides; null when the retrieval
 *                           test does not run (too few documents, kernel sweeps)
 * @param nextToken          a causal language model's next-token figures; null for an encoder or a kernel
 */
public record DocumentAccuracy(int document, Double tokenCosineMean, Double tokenCosineMin, Double relL2, Double maxAbsError,
                               Double embeddingCosine, RetrievalEmbeddings retrieval, NextTokenAccuracy nextToken) {

    /** An encoder's (or a kernel's) document. */
    public DocumentAccuracy(int document, double tokenCosineMean, double tokenCosineMin, double relL2, double maxAbsError,
                            Double embeddingCosine, RetrievalEmbeddings retrieval) {
        this(document, (Double) tokenCosineMean, (Double) tokenCosineMin, (Double) relL2, (Double) maxAbsError, embeddingCosine,
                retrieval, null);
    }

    /** A decoder's document. */
    public static DocumentAccuracy ofNextToken(int document, NextTokenAccuracy nextToken) {
        return new DocumentAccuracy(document, null, null, null, null, null, null, nextToken);
    }

    /**
     * The document's first sentence (query) and the rest of it (passage), each embedded by the variant and by
     * the reference.
     */
    public record RetrievalEmbeddings(float[] variantQuery, float[] variantPassage, float[] referenceQuery, float[] referencePassage) {
    }
}
