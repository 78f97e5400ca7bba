package org.attentionlab.runners.execute;

/**
 * One document's accuracy against the reference: what an executor produces per document, so that a cell
 * split over machines is aggregated (means, retrieval agreement) by {@link CellAggregator} after the fact,
 * exactly as if one machine had run it.
 *
 * @param document           index of the document within the cell's documents
 * @param tokenCosineMean    mean over tokens of the cosine between variant and reference hidden states
 * @param tokenCosineMin     minimum over tokens of that cosine
 * @param relL2              ||variant - reference|| / ||reference||
 * @param maxAbsError        largest absolute difference of one element
 * @param embeddingCosine    cosine of the two sentence embeddings; null where there are none (kernel sweeps)
 * @param variantEmbedding   the variant's sentence embedding (for retrieval agreement); null with no embeddings
 * @param referenceEmbedding the reference's sentence embedding; null with no embeddings
 */
public record DocumentAccuracy(int document, double tokenCosineMean, double tokenCosineMin, double relL2, double maxAbsError,
                               Double embeddingCosine, float[] variantEmbedding, float[] referenceEmbedding) {
}
