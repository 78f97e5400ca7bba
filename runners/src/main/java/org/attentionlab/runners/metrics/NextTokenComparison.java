package org.attentionlab.runners.metrics;

import java.util.Arrays;

/**
 * Compares a causal language model's next-token distributions from a variant with the reference's, row by
 * row of logits (one row per position, {@code vocab} wide). Everything is computed in double from
 * log-softmax, so the comparison adds no error of its own.
 *
 * <p>Row r predicts the token at r + 1: with {@code targets[r]} the id that follows, the row has a
 * negative log-likelihood (NLL) for both sides. A row without a target (the last row of a document, or a
 * decode step scored against the reference alone) takes part in KL, top-1 and the logit error only.
 *
 * <ul>
 *   <li>KL: KL(p_reference || p_variant) in nats, per row;</li>
 *   <li>top-1 agreement: the share of rows whose argmax (the lowest index among ties) is the reference's;</li>
 *   <li>max abs logit error: the largest |variant - reference| over every element of every row.</li>
 * </ul>
 */
public final class NextTokenComparison {

    /** Position buckets of the "loss vs position" curve. */
    public static final int BUCKETS = 16;

    private final double[] kl;
    private final double[] nll;
    private final double[] referenceNll;
    private final int agreeing;
    private final double maxAbsLogitError;

    /**
     * @param variant   rows x vocab logits, row-major
     * @param reference rows x vocab logits of the reference on the same inputs
     * @param targets   per row, the id of the token it predicts, or -1 where none is scored (length = rows)
     */
    public NextTokenComparison(float[] variant, float[] reference, int vocab, int[] targets) {
        int rows = targets.length;
        if (variant.length < (long) rows * vocab || reference.length < (long) rows * vocab) {
            throw new IllegalArgumentException("logits shorter than " + rows + " x " + vocab);
        }
        kl = new double[rows];
        int scored = 0;
        for (int target : targets) {
            scored += target >= 0 ? 1 : 0;
        }
        nll = new double[scored];
        referenceNll = new double[scored];
        double[] lv = new double[vocab];
        double[] lr = new double[vocab];
        int agree = 0;
        double maxAbs = 0;
        int s = 0;
        for (int r = 0; r < rows; r++) {
            int o = r * vocab;
            for (int c = 0; c < vocab; c++) {
                maxAbs = Math.max(maxAbs, Math.abs((double) variant[o + c] - reference[o + c]));
            }
            int argV = logSoftmax(variant, o, vocab, lv);
            int argR = logSoftmax(reference, o, vocab, lr);
            agree += argV == argR ? 1 : 0;
            double d = 0;
            for (int c = 0; c < vocab; c++) {
                d += Math.exp(lr[c]) * (lr[c] - lv[c]);
            }
            kl[r] = Math.max(0, d); // a sum of p (log p - log q) is >= 0; rounding may leave -1e-17
            int target = targets[r];
            if (target >= 0) {
                if (target >= vocab) {
                    throw new IllegalArgumentException("target id " + target + " of row " + r + " is outside the vocabulary of " + vocab);
                }
                nll[s] = -lv[target];
                referenceNll[s] = -lr[target];
                s++;
            }
        }
        agreeing = agree;
        maxAbsLogitError = maxAbs;
    }

    /**
     * KL, top-1 and logit error over the positions that predict a token of the document: the first
     * {@code ids.length - 1} rows (the same rows the NLL is taken on).
     */
    public static NextTokenComparison ofPredictedPositions(float[] variant, float[] reference, int vocab, int[] ids) {
        int rows = ids.length - 1;
        int[] targets = Arrays.copyOfRange(ids, 1, ids.length);
        return new NextTokenComparison(Arrays.copyOf(variant, rows * vocab), Arrays.copyOf(reference, rows * vocab), vocab, targets);
    }

    /**
     * Writes log softmax of {@code vocab} logits starting at {@code offset} into {@code out}, in double.
     *
     * @return the index of the largest logit (the first among equals)
     */
    static int logSoftmax(float[] logits, int offset, int vocab, double[] out) {
        int arg = 0;
        double max = logits[offset];
        for (int c = 1; c < vocab; c++) {
            if (logits[offset + c] > max) {
                max = logits[offset + c];
                arg = c;
            }
        }
        double sum = 0;
        for (int c = 0; c < vocab; c++) {
            sum += Math.exp(logits[offset + c] - max);
        }
        double logSum = max + Math.log(sum);
        for (int c = 0; c < vocab; c++) {
            out[c] = logits[offset + c] - logSum;
        }
        return arg;
    }

    /** KL(p_reference || p_variant) of each row, nats. */
    public double[] kl() {
        return kl.clone();
    }

    public double klMean() {
        return Stats.mean(kl);
    }

    /** The 95th percentile of the rows' KL (linear interpolation between closest ranks). */
    public double klP95() {
        return Stats.percentile(kl, 95);
    }

    /** Share of rows whose argmax equals the reference's. */
    public double top1Agreement() {
        return (double) agreeing / kl.length;
    }

    public double maxAbsLogitError() {
        return maxAbsLogitError;
    }

    /** Mean NLL of the variant over the scored rows, nats. */
    public double nllMean() {
        return Stats.mean(nll);
    }

    /** Mean NLL of the reference over the scored rows, nats. */
    public double referenceNllMean() {
        return Stats.mean(referenceNll);
    }

    /** The variant's NLL by position bucket (see {@link #buckets}). */
    public double[] nllByPosition() {
        return buckets(nll);
    }

    /** The reference's NLL by position bucket. */
    public double[] referenceNllByPosition() {
        return buckets(referenceNll);
    }

    /**
     * Mean of the scored rows' values in {@value #BUCKETS} buckets of equal share of the positions: row i of m
     * falls in bucket floor(i * 16 / m). A bucket no row falls in (m below 16) is NaN.
     */
    static double[] buckets(double[] values) {
        double[] sum = new double[BUCKETS];
        int[] count = new int[BUCKETS];
        int m = values.length;
        for (int i = 0; i < m; i++) {
            int b = (int) ((long) i * BUCKETS / m);
            sum[b] += values[i];
            count[b]++;
        }
        double[] mean = new double[BUCKETS];
        for (int b = 0; b < BUCKETS; b++) {
            mean[b] = count[b] == 0 ? Double.NaN : sum[b] / count[b];
        }
        return mean;
    }
}
