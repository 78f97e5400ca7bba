package org.attentionlab.runners.results;

/**
 * Accuracy of a variant against the reference's last hidden state, averaged over documents. A metric
 * that does not apply (retrieval with one document, embeddings in a kernel sweep) is null.
 *
 * @param tokenCosineMean    mean over tokens of the cosine between variant and reference hidden states
 * @param tokenCosineMin     minimum over tokens of that cosine
 * @param relL2              ||variant - reference|| / ||reference|| over the whole hidden state
 * @param maxAbsError        largest absolute difference of one element
 * @param embeddingCosine    cosine of the mean-pooled, L2-normalised sentence embeddings
 * @param retrievalAgreement mean overlap of each document's top-k neighbours by variant vs reference embeddings
 */
public record Accuracy(Double tokenCosineMean, Double tokenCosineMin, Double relL2, Double maxAbsError,
                       Double embeddingCosine, Double retrievalAgreement) {
}
