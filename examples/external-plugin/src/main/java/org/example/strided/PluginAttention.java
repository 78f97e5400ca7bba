package org.example.strided;

import java.util.Arrays;
import java.util.Optional;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionPattern;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.tensor.Parallel;

/**
 * Exact softmax attention over the strided pattern: query i attends to the real keys j with |i - j| <= local
 * or (i - j) a multiple of stride. Bidirectional (encoders) only. Plain loops, one head per kernel thread; about
 * n * (2 local + n / stride) scores instead of n * n. Holds no state between forwards.
 */
final class PluginAttention implements Attention {

    private final int local;
    private final int stride;

    PluginAttention(int local, int stride) {
        this.local = local;
        this.stride = stride;
    }

    private boolean covers(int i, int j, boolean causal) {
        return (!causal || j <= i) && (Math.abs(i - j) <= local || Math.floorMod(i - j, stride) == 0);
    }

    @Override
    public void forward(AttentionInput in, float[][] out) {
        if (in.causal()) {
            // PluginFactory declares ENCODER_ONLY (AttentionFactory's default): attnlab never gives it a decoder.
            // To serve decoders, override causalSupport() there and honour in.causal() here (and startDecode).
            throw new UnsupportedOperationException(PluginFactory.NAME + " serves encoders only");
        }
        int n = in.n();
        int d = in.dHead();
        float scale = (float) (1.0 / Math.sqrt(d));
        Parallel.forRange(in.heads(), h -> {
            float[] q = in.q()[h];
            float[] k = in.k()[h];
            float[] v = in.v()[h];
            float[] o = out[h];
            float[] scores = new float[n];
            for (int i = 0; i < n; i++) {
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j < n; j++) {
                    float s = Float.NEGATIVE_INFINITY;
                    if (covers(i, j, in.causal()) && in.keyValid(j)) {
                        s = 0;
                        for (int c = 0; c < d; c++) {
                            s += q[i * d + c] * k[j * d + c];
                        }
                        s *= scale;
                    }
                    scores[j] = s;
                    max = Math.max(max, s);
                }
                Arrays.fill(o, i * d, (i + 1) * d, 0f);
                if (max == Float.NEGATIVE_INFINITY) {
                    continue; // no real key in the pattern: the output row stays zero
                }
                float sum = 0;
                for (int j = 0; j < n; j++) {
                    float w = scores[j] == Float.NEGATIVE_INFINITY ? 0f : (float) Math.exp(scores[j] - max);
                    scores[j] = w;
                    sum += w;
                }
                for (int j = 0; j < n; j++) {
                    if (scores[j] != 0f) {
                        float w = scores[j] / sum;
                        for (int c = 0; c < d; c++) {
                            o[i * d + c] += w * v[j * d + c];
                        }
                    }
                }
            }
        });
    }

    @Override
    public AttentionCost cost(AttentionShape shape) {
        long n = shape.n();
        long keys = Math.min(n, 2L * local + 1 + n / stride);
        // scores and weighted sums: 2 multiply-adds per (query, key, channel); scratch: one score row per thread
        return new AttentionCost(4L * shape.heads() * n * keys * shape.dHead(), 4L * n);
    }

    @Override
    public Optional<AttentionPattern> pattern() {
        return Optional.of((i, j, n, causal) -> covers(i, j, causal));
    }
}
