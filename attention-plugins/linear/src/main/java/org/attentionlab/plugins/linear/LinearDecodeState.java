package org.attentionlab.plugins.linear;

import java.util.Arrays;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.decode.DecodeStateBase;
import org.attentionlab.core.tensor.LinearAttentionKernels;

/**
 * Linear attention's decode state: no key cache, only the running sums S = sum phi(k_j)^T v_j (m x dHead)
 * and z = sum phi(k_j) (m) per key/value head, at one common shift, exactly as the causal forward keeps
 * them; a step adds its key (the same {@link LinearAttention#addKey}) and reads each query head of the
 * group from the sums. Constant memory and O(m dHead) per token, whatever the position.
 */
final class LinearDecodeState extends DecodeStateBase {

    private final LinearAttention prefill;
    private final FeatureMap phi;
    private final int m;
    private final float[][] state;
    private final float[] shift;
    private final float[] row;

    LinearDecodeState(DecodeShape shape, LinearAttention prefill) {
        super(shape);
        this.prefill = prefill;
        this.phi = prefill.featureMap(shape.dHead());
        this.m = phi.features();
        this.state = new float[shape.kvHeads()][m * shape.dHead() + m];
        this.shift = new float[shape.kvHeads()];
        Arrays.fill(shift, Float.NEGATIVE_INFINITY);
        this.row = new float[m];
    }

    @Override
    protected void prefillCausal(AttentionInput input, float[][] out) {
        prefill.forward(input, out);
        int d = shape.dHead();
        for (int g = 0; g < shape.kvHeads(); g++) {
            float[] k = input.k()[g * shape.group()];
            float[] v = input.v()[g * shape.group()];
            for (int j = 0; j < input.n(); j++) {
                shift[g] = LinearAttention.addKey(phi, k, v, j, d, m, state[g], row, shift[g]);
            }
        }
    }

    @Override
    protected void stepAt(int position, float[][] q, float[][] k, float[][] v, float[][] out) {
        int d = shape.dHead();
        for (int g = 0; g < shape.kvHeads(); g++) {
            shift[g] = LinearAttention.addKey(phi, k[g], v[g], 0, d, m, state[g], row, shift[g]);
            for (int r = 0; r < shape.group(); r++) {
                int h = g * shape.group() + r;
                phi.apply(q[h], 0, row);
                LinearAttentionKernels.linearReadout(row, 0, m, state[g], d, out[h], 0);
            }
        }
    }

    /** No keys: the sums replace them. */
    @Override
    public int keysHeld() {
        return 0;
    }

    /** The sums S and z of every key/value head. */
    @Override
    public long cacheBytes() {
        return (long) shape.kvHeads() * (m * shape.dHead() + m) * Float.BYTES;
    }
}
