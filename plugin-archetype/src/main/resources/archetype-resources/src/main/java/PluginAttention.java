package ${package};

import java.util.Optional;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionPattern;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.tensor.Parallel;

/**
 * Exact softmax attention over a band: query i attends to the keys j with |i - j| <= window that are real
 * tokens. Bidirectional (encoders) only. Plain loops, one head per kernel thread: replace them with your idea.
 * Holds no state between forwards, so one instance may run several forwards at once.
 */
final class PluginAttention implements Attention {

    private final int window;

    PluginAttention(int window) {
        this.window = window;
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
            float[] weights = new float[(int) Math.min(n, 2L * window + 1)];
            for (int i = 0; i < n; i++) {
                int from = Math.max(0, i - window);
                int to = Math.min(n - 1, i + window);
                float max = Float.NEGATIVE_INFINITY;
                for (int j = from; j <= to; j++) {
                    float s = Float.NEGATIVE_INFINITY;
                    if (in.keyValid(j)) {
                        s = 0;
                        for (int c = 0; c < d; c++) {
                            s += q[i * d + c] * k[j * d + c];
                        }
                        s *= scale;
                    }
                    weights[j - from] = s;
                    max = Math.max(max, s);
                }
                java.util.Arrays.fill(o, i * d, (i + 1) * d, 0f);
                if (max == Float.NEGATIVE_INFINITY) {
                    continue; // every key in reach is padding: the output row stays zero
                }
                float sum = 0;
                for (int j = from; j <= to; j++) {
                    float w = (float) Math.exp(weights[j - from] - max);
                    weights[j - from] = w;
                    sum += w;
                }
                for (int j = from; j <= to; j++) {
                    float w = weights[j - from] / sum;
                    for (int c = 0; c < d; c++) {
                        o[i * d + c] += w * v[j * d + c];
                    }
                }
            }
        });
    }

    @Override
    public AttentionCost cost(AttentionShape shape) {
        long keys = Math.min(shape.n(), 2L * window + 1);
        // scores and weighted sums: 2 multiply-adds per (query, key, channel); scratch: one weight row per thread
        return new AttentionCost(4L * shape.heads() * shape.n() * keys * shape.dHead(), 4L * keys);
    }

    @Override
    public Optional<AttentionPattern> pattern() {
        return Optional.of((i, j, n, causal) -> Math.abs(i - j) <= window && (!causal || j <= i));
    }
}
