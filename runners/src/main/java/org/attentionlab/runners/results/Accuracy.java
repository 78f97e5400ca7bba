package org.attentionlab.runners.results;

import java.util.List;
import java.util.Map;

/**
 * Accuracy of a variant against the reference's last hidden state, averaged over documents, with each
 * document's own value kept so that {@code compare} can pair documents across runs. A metric that does not
 * apply (embeddings in a kernel sweep, retrieval with too few documents) is null.
 *
 * @param tokenCosineMean    mean over tokens of the cosine between variant and reference hidden states
 * @param tokenCosineMin     minimum over tokens of that cosine
 * @param relL2              ||variant - reference|| / ||reference|| over the whole hidden state
 * @param maxAbsError        largest absolute difference of one element
 * @param embeddingCosine    cosine of the mean-pooled, L2-normalised sentence embeddings
 * @param retrievalRecallAtK each document's first sentence as a query over the rest of every document as passages:
 *                           the fraction of the reference's top-k passages that the variant's embeddings also rank
 *                           in their top k (mean over queries)
 * @param retrievalTop1      the fraction of queries whose first passage under the variant is the reference's first
 * @param retrievalK         the k of the retrieval test
 * @param retrievalNote      why the retrieval metrics are absent (too few passages for the test to fail), else null
 * @param perDocument        per metric name, the value of each document (query) in document order; the means above
 *                           are their means; null in runs made before schema 2
 */
public record Accuracy(Double tokenCosineMean, Double tokenCosineMin, Double relL2, Double maxAbsError,
                       Double embeddingCosine, Double retrievalRecallAtK, Double retrievalTop1, Integer retrievalK,
                       String retrievalNote, Map<String, List<Double>> perDocument) {

    /** The metrics {@link #value} knows, in report order. */
    public static final List<String> METRICS = List.of("tokenCosineMean", "tokenCosineMin", "relL2", "maxAbsError",
            "embeddingCosine", "retrievalRecallAtK", "retrievalTop1");

    /** An accuracy without retrieval. */
    public Accuracy(Double tokenCosineMean, Double tokenCosineMin, Double relL2, Double maxAbsError, Double embeddingCosine,
                    Map<String, List<Double>> perDocument) {
        this(tokenCosineMean, tokenCosineMin, relL2, maxAbsError, embeddingCosine, null, null, null, null, perDocument);
    }

    /** The cell-level value of a metric by its name; null when absent. */
    public Double value(String metric) {
        return switch (metric) {
            case "tokenCosineMean" -> tokenCosineMean;
            case "tokenCosineMin" -> tokenCosineMin;
            case "relL2" -> relL2;
            case "maxAbsError" -> maxAbsError;
            case "embeddingCosine" -> embeddingCosine;
            case "retrievalRecallAtK" -> retrievalRecallAtK;
            case "retrievalTop1" -> retrievalTop1;
            default -> throw new IllegalArgumentException("unknown accuracy metric " + metric + "; known: " + String.join(", ", METRICS));
        };
    }

    /** Each document's value of a metric, or null when the run did not store them. */
    public List<Double> documentValues(String metric) {
        return perDocument == null ? null : perDocument.get(metric);
    }
}
