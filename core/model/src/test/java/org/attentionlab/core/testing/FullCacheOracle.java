package org.attentionlab.core.testing;

import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.attention.DecodeState;

/**
 * {@link SoftmaxOracleAttention} with a full-cache decode state that keeps every key and value and answers
 * each step by a causal forward of the oracle over the whole history (the query in the last row): slow and
 * plainly right, for checking the decoder's plumbing (KV layout, positions, grouped heads) apart from any
 * plugin's fast path.
 */
public final class FullCacheOracle implements Attention {

    private final SoftmaxOracleAttention oracle = new SoftmaxOracleAttention();

    @Override
    public void forward(AttentionInput input, float[][] out) {
        oracle.forward(input, out);
    }

    @Override
    public AttentionCost cost(AttentionShape shape) {
        return oracle.cost(shape);
    }

    @Override
    public DecodeState startDecode(DecodeShape shape) {
        return new State(shape);
    }

    private static final class State implements DecodeState {
        private final DecodeShape shape;
        private final SoftmaxOracleAttention oracle = new SoftmaxOracleAttention();
        private final float[][] keys;
        private final float[][] values;
        private int t;

        State(DecodeShape shape) {
            this.shape = shape;
            keys = new float[shape.kvHeads()][shape.maxTokens() * shape.dHead()];
            values = new float[shape.kvHeads()][shape.maxTokens() * shape.dHead()];
        }

        @Override
        public void prefill(AttentionInput input, float[][] out) {
            int n = input.n();
            int d = shape.dHead();
            for (int g = 0; g < shape.kvHeads(); g++) {
                System.arraycopy(input.k()[g * shape.group()], 0, keys[g], 0, n * d);
                System.arraycopy(input.v()[g * shape.group()], 0, values[g], 0, n * d);
            }
            t = n;
            oracle.forward(input, out);
        }

        @Override
        public void step(float[][] q, float[][] k, float[][] v, float[][] out) {
            int d = shape.dHead();
            for (int g = 0; g < shape.kvHeads(); g++) {
                System.arraycopy(k[g], 0, keys[g], t * d, d);
                System.arraycopy(v[g], 0, values[g], t * d, d);
            }
            t++;
            float[][] qs = new float[shape.heads()][t * d];
            float[][] ks = new float[shape.heads()][];
            float[][] vs = new float[shape.heads()][];
            for (int h = 0; h < shape.heads(); h++) {
                System.arraycopy(q[h], 0, qs[h], (t - 1) * d, d);
                ks[h] = keys[shape.kvHeadOf(h)];
                vs[h] = values[shape.kvHeadOf(h)];
            }
            float[][] all = new float[shape.heads()][t * d];
            oracle.forward(new AttentionInput(qs, ks, vs, t, d, null, true), all);
            for (int h = 0; h < shape.heads(); h++) {
                System.arraycopy(all[h], (t - 1) * d, out[h], 0, d);
            }
        }

        @Override
        public int position() {
            return t;
        }

        @Override
        public int keysHeld() {
            return t;
        }

        @Override
        public long cacheBytes() {
            return 2L * shape.kvHeads() * t * shape.dHead() * Float.BYTES;
        }
    }
}
