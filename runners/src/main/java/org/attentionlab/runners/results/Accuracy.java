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
 *
 * <p>A causal language model (decoder) is measured on its next-token distributions instead of hidden states:
 * the encoder's metrics above are null in its cells, and these are set (null in encoder cells). Each is taken
 * over the predicted positions 0..n-2 (predicting tokens 1..n-1) of every document, all documents pooled:
 *
 * @param perplexity             exp of the variant's mean next-token negative log-likelihood (NLL)
 * @param referencePerplexity    the same from the reference's (ONNX Runtime's) logits
 * @param klMean                 mean KL(p_reference || p_variant), nats
 * @param klP95                  95th percentile of that KL over the pooled positions
 * @param top1Agreement          share of positions whose argmax is the reference's
 * @param maxAbsLogitError       largest absolute difference of one logit (mean over documents, as {@code maxAbsError})
 * @param nllByPosition          the variant's mean NLL in 16 buckets of equal share of the positions, in position
 *                               order (null for a bucket no position falls in): the "loss vs position" curve
 * @param referenceNllByPosition the reference's, the same way
 * @param decodeKlMean           with {@code decode}: mean KL over the T decoded positions against the reference's
 *                               full-cache decode; null without decoding
 * @param decodeTop1Agreement    with {@code decode}: share of decoded positions whose argmax is the reference's
 */
public record Accuracy(Double tokenCosineMean, Double tokenCosineMin, Double relL2, Double maxAbsError,
                       Double embeddingCosine, Double retrievalRecallAtK, Double retrievalTop1, Integer retrievalK,
                       String retrievalNote, Map<String, List<Double>> perDocument,
                       Double perplexity, Double referencePerplexity, Double klMean, Double klP95, Double top1Agreement,
                       Double maxAbsLogitError, List<Double> nllByPosition, List<Double> referenceNllByPosition,
                       Double decodeKlMean, Double decodeTop1Agreement) {

    /** The encoder metrics {@link #value} knows, in report order. */
    public static final List<String> ENCODER_METRICS = List.of("tokenCosineMean", "tokenCosineMin", "relL2", "maxAbsError",
            "embeddingCosine", "retrievalRecallAtK", "retrievalTop1");

    /** The decoder (next-token) metrics {@link #value} knows, in report order. */
    public static final List<String> DECODER_METRICS = List.of("perplexity", "referencePerplexity", "klMean", "klP95",
            "top1Agreement", "maxAbsLogitError", "decodeKlMean", "decodeTop1Agreement");

    /** Every metric {@link #value} knows: the encoder's, then the decoder's. */
    public static final List<String> METRICS = java.util.stream.Stream.concat(ENCODER_METRICS.stream(), DECODER_METRICS.stream()).toList();

    /** An encoder's accuracy (no next-token metrics). */
    public Accuracy(Double tokenCosineMean, Double tokenCosineMin, Double relL2, Double maxAbsError,
                    Double embeddingCosine, Double retrievalRecallAtK, Double retrievalTop1, Integer retrievalK,
                    String retrievalNote, Map<String, List<Double>> perDocument) {
        this(tokenCosineMean, tokenCosineMin, relL2, maxAbsError, embeddingCosine, retrievalRecallAtK, retrievalTop1, retrievalK,
                retrievalNote, perDocument, null, null, null, null, null, null, null, null, null, null);
    }

    /** A decoder's accuracy: next-token metrics only. */
    public static Accuracy ofDecoder(Map<String, List<Double>> perDocument, double perplexity, double referencePerplexity,
                                     double klMean, double klP95, double top1Agreement, double maxAbsLogitError,
                                     List<Double> nllByPosition, List<Double> referenceNllByPosition, Double decodeKlMean,
                                     Double decodeTop1Agreement) {
        return new Accuracy(null, null, null, null, null, null, null, null, null, perDocument, perplexity, referencePerplexity,
                klMean, klP95, top1Agreement, maxAbsLogitError, nllByPosition, referenceNllByPosition, decodeKlMean, decodeTop1Agreement);
    }

    /** True when this is a decoder's accuracy (next-token metrics). */
    public boolean nextToken() {
        return perplexity != null;
    }

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
            case "perplexity" -> perplexity;
            case "referencePerplexity" -> referencePerplexity;
            case "klMean" -> klMean;
            case "klP95" -> klP95;
            case "top1Agreement" -> top1Agreement;
            case "maxAbsLogitError" -> maxAbsLogitError;
            case "decodeKlMean" -> decodeKlMean;
            case "decodeTop1Agreement" -> decodeTop1Agreement;
            default -> throw new IllegalArgumentException("unknown accuracy metric " + metric + "; known: " + String.join(", ", METRICS));
        };
    }

    /** Each document's value of a metric, or null when the run did not store them. */
    public List<Double> documentValues(String metric) {
        return perDocument == null ? null : perDocument.get(metric);
    }
}
