package org.attentionlab.plugins.topk;

import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.decode.DecodeStateBase;
import org.attentionlab.core.decode.KvCache;
import org.attentionlab.core.tensor.DecodeKernels;
import org.attentionlab.core.tensor.GatherKernels;
import org.attentionlab.core.tensor.VectorKernels;

/**
 * Top-k's decode state: a full key/value cache (never evicted, so slot = position and ties keep the lower
 * position, as the forward does); a step scores its query against every cached key ({@link
 * DecodeKernels#cachedScores}), keeps the k largest with {@link TopKSelector}, and mixes their values.
 */
final class TopKDecodeState extends DecodeStateBase {

    private final int k;
    private final TopKAttention prefill;
    private final KvCache cache;
    private final TopKSelector selector = new TopKSelector();
    private final float scale;
    private float[] row = new float[0];
    private float[] weights = new float[0];

    TopKDecodeState(DecodeShape shape, int k, TopKAttention prefill) {
        super(shape);
        this.k = k;
        this.prefill = prefill;
        this.cache = new KvCache(shape.kvHeads(), shape.dHead(), shape.maxTokens());
        this.scale = (float) (1.0 / Math.sqrt(shape.dHead()));
    }

    @Override
    protected void prefillCausal(AttentionInput input, float[][] out) {
        prefill.forward(input, out);
        int d = shape.dHead();
        for (int g = 0; g < shape.kvHeads(); g++) {
            float[] keys = input.k()[g * shape.group()];
            float[] values = input.v()[g * shape.group()];
            for (int j = 0; j < input.n(); j++) {
                cache.append(g, j, keys, j * d, values, j * d);
            }
        }
    }

    @Override
    protected void stepAt(int position, float[][] q, float[][] kRows, float[][] vRows, float[][] out) {
        int d = shape.dHead();
        for (int g = 0; g < shape.kvHeads(); g++) {
            cache.append(g, position, kRows[g], 0, vRows[g], 0);
        }
        int count = position + 1;
        int keep = Math.min(k, count);
        if (row.length < count) {
            row = new float[Math.max(count, 2 * row.length)];
        }
        if (weights.length < keep) {
            weights = new float[keep];
        }
        for (int h = 0; h < shape.heads(); h++) {
            int g = shape.kvHeadOf(h);
            DecodeKernels.cachedScores(q[h], 0, 1, cache.keys(g), 0, count, d, row, 0, count);
            VectorKernels.scale(row, 0, count, scale);
            selector.reset(row, keep);
            for (int j = 0; j < count; j++) {
                selector.offer(j);
            }
            int kept = selector.size();
            int[] chosen = selector.keys();
            for (int s = 0; s < kept; s++) {
                weights[s] = row[chosen[s]];
            }
            VectorKernels.softmax(weights, 0, kept, 1f);
            GatherKernels.gatherWeightedSum(weights, 0, chosen, 0, kept, cache.values(g), d, out[h], 0);
        }
    }

    @Override
    public int keysHeld() {
        return cache.count(0);
    }

    @Override
    public long cacheBytes() {
        return cache.bytesHeld();
    }
}
