package org.attentionlab.plugins.heavyhitter;

import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.attention.DecodeState;
import org.attentionlab.core.tensor.Parallel;

/**
 * H2O heavy-hitter attention. The forward replays decoding: for t = 0..n-1 it runs {@link HeavyHitterCache}'s
 * token step, so query i attends to exactly the keys the decode cache holds at step i (at most
 * {@code recent + heavy}). Grouped-query heads (the same key and value arrays for consecutive query heads,
 * as {@link AttentionInput} describes) share one cache and its accumulated attention, as in decoding.
 * Causal only: the policy is defined by the order tokens arrive. O(n (recent + heavy) dHead) per head.
 */
final class HeavyHitterAttention implements Attention {

    static final String CAUSAL_ONLY = "heavy-hitter needs causal attention: its cache is defined by the order tokens arrive";

    private final int recent;
    private final int heavy;

    HeavyHitterAttention(int recent, int heavy) {
        this.recent = recent;
        this.heavy = heavy;
    }

    @Override
    public void forward(AttentionInput in, float[][] out) {
        if (!in.causal()) {
            throw new UnsupportedOperationException(CAUSAL_ONLY);
        }
        int heads = in.heads();
        int group = groupOf(in);
        int kvHeads = heads / group;
        int d = in.dHead();
        HeavyHitterCache cache = new HeavyHitterCache(kvHeads, group, d, recent, heavy);
        Parallel.forRange(kvHeads, g -> {
            int h0 = g * group;
            float[] k = in.k()[h0];
            float[] v = in.v()[h0];
            for (int t = 0; t < in.n(); t++) {
                boolean real = in.keyValid(t);
                cache.token(g, t, real ? k : null, t * d, v, t * d, in.q(), t * d, h0, out, t * d);
            }
        });
    }

    /**
     * Query heads per shared key/value head: the length of the runs of heads that share their key and value
     * arrays, when every run has that length; 1 otherwise (each head its own cache).
     */
    static int groupOf(AttentionInput in) {
        int heads = in.heads();
        int run = 1;
        while (run < heads && in.k()[run] == in.k()[0] && in.v()[run] == in.v()[0]) {
            run++;
        }
        if (run == 1 || heads % run != 0) {
            return 1;
        }
        for (int h = 0; h < heads; h++) {
            int first = h - h % run;
            boolean shared = in.k()[h] == in.k()[first] && in.v()[h] == in.v()[first];
            boolean newGroup = h == first && h > 0 && in.k()[h] == in.k()[h - 1];
            if (!shared || newGroup) {
                return 1;
            }
        }
        return run;
    }

    @Override
    public DecodeState startDecode(DecodeShape shape) {
        return new HeavyHitterDecodeState(shape, recent, heavy);
    }

    /**
     * Per head and token: scores, softmax, accumulation and weighted sum over the keys held (min(t + 1,
     * recent + heavy)), 4 dHead + 6 flops each. Scratch per head: the cache's keys and values, positions and
     * accumulated attention ((recent + heavy + 1) rows) and a row of scores.
     */
    @Override
    public AttentionCost cost(AttentionShape shape) {
        if (!shape.causal()) {
            throw new UnsupportedOperationException(CAUSAL_ONLY);
        }
        long n = shape.n();
        long d = shape.dHead();
        long budget = Math.min(n, (long) recent + heavy);
        long held = budget * (budget + 1) / 2 + (n - budget) * budget; // sum over t of min(t + 1, budget)
        long flops = shape.heads() * held * (4 * d + 6);
        long rows = budget + 1;
        long scratch = shape.heads() * (rows * (2 * d + 3) + 2 * d) * Float.BYTES;
        return new AttentionCost(flops, scratch);
    }

    @Override
    public String toString() {
        return "heavy-hitter(recent=" + recent + ", heavy=" + heavy + ")";
    }
}
