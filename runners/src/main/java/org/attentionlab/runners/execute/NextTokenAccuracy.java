package org.attentionlab.runners.execute;

import java.util.ArrayList;
import java.util.List;
import org.attentionlab.runners.metrics.NextTokenComparison;

/**
 * One document's next-token figures (see {@link org.attentionlab.runners.results.Accuracy} for each word), in a
 * form that travels between JVMs as JSON (no NaN: an empty bucket is null) and that {@link CellAggregator}
 * pools exactly: every document of a cell has the same n - 1 predicted positions, so means of the documents'
 * means are the pooled means, and the per-position KL is kept for the pooled 95th percentile.
 *
 * @param nllMean                the variant's mean NLL over the predicted positions, nats
 * @param referenceNllMean       the reference's
 * @param klMean                 mean KL(p_reference || p_variant)
 * @param klP95                  this document's 95th percentile of the KL
 * @param top1Agreement          share of positions whose argmax is the reference's
 * @param maxAbsLogitError       largest absolute logit difference
 * @param kl                     the KL of each predicted position, in order
 * @param nllByPosition          the variant's mean NLL in 16 position buckets (null: no position in the bucket)
 * @param referenceNllByPosition the reference's
 * @param decodeKlMean           mean KL over the decoded positions against the reference's decode; null without decode
 * @param decodeTop1Agreement    share of decoded positions whose argmax is the reference's; null without decode
 */
public record NextTokenAccuracy(double nllMean, double referenceNllMean, double klMean, double klP95, double top1Agreement,
                                double maxAbsLogitError, List<Double> kl, List<Double> nllByPosition,
                                List<Double> referenceNllByPosition, Double decodeKlMean, Double decodeTop1Agreement) {

    /**
     * @param prefix the document's comparison over its predicted positions
     * @param decode the comparison of its decoded positions, or null without decoding
     */
    public static NextTokenAccuracy of(NextTokenComparison prefix, NextTokenComparison decode) {
        return new NextTokenAccuracy(prefix.nllMean(), prefix.referenceNllMean(), prefix.klMean(), prefix.klP95(), prefix.top1Agreement(),
                prefix.maxAbsLogitError(), list(prefix.kl()), list(prefix.nllByPosition()), list(prefix.referenceNllByPosition()),
                decode == null ? null : decode.klMean(), decode == null ? null : decode.top1Agreement());
    }

    private static List<Double> list(double[] values) {
        List<Double> out = new ArrayList<>(values.length);
        for (double v : values) {
            out.add(Double.isNaN(v) ? null : v);
        }
        return out;
    }
}
