package org.attentionlab.plugins.heavyhitter;

import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.decode.DecodeStateBase;
import org.attentionlab.core.tensor.Parallel;

/**
 * Heavy-hitter decoding: the prompt and every later token run the same {@link HeavyHitterCache} token step
 * as the forward, on one cache per sequence, so the prefill's output is the forward's and a step's output is
 * the forward's row for that token. The cache never holds more than {@code recent + heavy} keys per key/value
 * head, whatever the position.
 */
final class HeavyHitterDecodeState extends DecodeStateBase {

    private final HeavyHitterCache cache;

    HeavyHitterDecodeState(DecodeShape shape, int recent, int heavy) {
        super(shape);
        this.cache = new HeavyHitterCache(shape.kvHeads(), shape.group(), shape.dHead(), recent, heavy);
    }

    @Override
    protected void prefillCausal(AttentionInput input, float[][] out) {
        int d = shape.dHead();
        int group = shape.group();
        Parallel.forRange(shape.kvHeads(), g -> {
            int h0 = g * group;
            float[] k = input.k()[h0];
            float[] v = input.v()[h0];
            for (int t = 0; t < input.n(); t++) {
                cache.token(g, t, k, t * d, v, t * d, input.q(), t * d, h0, out, t * d);
            }
        });
    }

    @Override
    protected void stepAt(int position, float[][] q, float[][] k, float[][] v, float[][] out) {
        int group = shape.group();
        Parallel.forRange(shape.kvHeads(), g -> cache.token(g, position, k[g], 0, v[g], 0, q, 0, g * group, out, 0));
    }

    @Override
    public int keysHeld() {
        return cache.count(0);
    }

    @Override
    public long cacheBytes() {
        return cache.bytesHeld();
    }

    /** The positions key/value head {@code g} holds now, sorted (for tests). */
    int[] heldPositions(int g) {
        return cache.positions(g);
    }
}
