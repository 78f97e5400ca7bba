package org.attentionlab.plugins.masked;

import java.util.Map;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.mask.ScoreModifier;
import org.attentionlab.core.testing.AttentionContract;

/**
 * The plugin contract for a StreamingLLM mask (a window and sinks) with ALiBi, so that decoding (which keeps
 * s + w + 1 keys) is checked against the forward with a score modifier too. The oracle adds ALiBi's bias in
 * double, from its definition.
 */
class MaskedStreamingContractTest extends AttentionContract {
    @Override
    protected String pluginName() {
        return "masked";
    }

    @Override
    protected Map<String, ?> params() {
        return Map.of("mask", "window(8) | sinks(4)", "score", "alibi", "blockSize", 16);
    }

    @Override
    protected double[][] oracle(Attention attention, AttentionInput in) {
        int n = in.n();
        int d = in.dHead();
        int heads = in.heads();
        double[][] out = new double[heads][n * d];
        for (int h = 0; h < heads; h++) {
            double slope = ScoreModifier.alibiSlope(h, heads);
            for (int i = 0; i < n; i++) {
                double[] logit = new double[n];
                double max = Double.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    boolean visible = in.keyValid(j) && (!in.causal() || j <= i) && (Math.abs(i - j) <= 8 || j < 4);
                    logit[j] = Double.NEGATIVE_INFINITY;
                    if (visible) {
                        double dot = 0;
                        for (int c = 0; c < d; c++) {
                            dot += (double) in.q()[h][i * d + c] * in.k()[h][j * d + c];
                        }
                        logit[j] = dot / Math.sqrt(d) - slope * Math.abs(i - j);
                        max = Math.max(max, logit[j]);
                    }
                }
                if (max == Double.NEGATIVE_INFINITY) {
                    continue;
                }
                double sum = 0;
                for (int j = 0; j < n; j++) {
                    sum += Math.exp(logit[j] - max);
                }
                for (int j = 0; j < n; j++) {
                    double p = Math.exp(logit[j] - max) / sum;
                    for (int c = 0; c < d; c++) {
                        out[h][i * d + c] += p * in.v()[h][j * d + c];
                    }
                }
            }
        }
        return out;
    }
}
