package org.attentionlab.core.decode;

import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.mask.Mask;
import org.attentionlab.core.mask.ScoreModifier;
import org.attentionlab.core.tensor.DecodeKernels;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.tensor.VectorKernels;

/**
 * The decode state of exact softmax attention over a mask's pairs (full attention, a sliding window, sinks,
 * any {@code masked} expression, BigBird blocks), with the mask's score modifier. The cache policy follows
 * from the mask: after token t the cache holds the keys a query at t or later may still see ({@link
 * Mask#mayBeSeenFrom}), so a window's buffer holds its band (constant in the sequence length, slots reused),
 * {@code window(w) | sinks(s)} holds s + w + 1 keys, and a mask that cannot tell keeps every key. A step
 * scores its query against the held keys with {@link DecodeKernels} (one GEMV per key/value head for the
 * group's query heads), hides the keys the mask does not allow at this position ({@code covers(t, j, t + 1,
 * true)}, so the step equals the last row of a causal forward over the t + 1 tokens), applies the modifier,
 * and mixes the values. Key/value heads run in parallel on {@link Parallel}'s threads.
 */
public final class MaskedDecodeState extends DecodeStateBase {

    private final Attention prefill;
    private final Mask mask;
    private final ScoreModifier modifier;
    private final KvCache cache;
    private final float scale;
    private final float[][] queries;
    private final float[][] scores;
    private final float[][] outputs;
    private final int[][] hiddenSlots;

    /**
     * A state for one sequence.
     *
     * @param shape    heads, key/value heads, head width and the most tokens
     * @param prefill  a fresh attention of the variant, whose causal forward computes the prompt (not used
     *                 elsewhere, so the state shares no scratch)
     * @param mask     the pairs attended (intersected with {@code j <= i}); null for every earlier key
     * @param modifier applied to the logits before the softmax; null for none
     */
    public MaskedDecodeState(DecodeShape shape, Attention prefill, Mask mask, ScoreModifier modifier) {
        super(shape);
        this.prefill = prefill;
        this.mask = mask;
        this.modifier = modifier;
        this.cache = new KvCache(shape.kvHeads(), shape.dHead(), shape.maxTokens());
        this.scale = (float) (1.0 / Math.sqrt(shape.dHead()));
        this.queries = new float[shape.kvHeads()][shape.group() * shape.dHead()];
        this.scores = new float[shape.kvHeads()][0];
        this.outputs = new float[shape.kvHeads()][shape.group() * shape.dHead()];
        this.hiddenSlots = new int[shape.kvHeads()][0];
    }

    @Override
    protected void prefillCausal(AttentionInput input, float[][] out) {
        prefill.forward(input, out);
        int n = input.n();
        int d = shape.dHead();
        for (int g = 0; g < shape.kvHeads(); g++) {
            float[] k = input.k()[g * shape.group()];
            float[] v = input.v()[g * shape.group()];
            for (int j = 0; j < n; j++) {
                if (keeps(j, n - 1)) {
                    cache.append(g, j, k, j * d, v, j * d);
                }
            }
        }
    }

    @Override
    protected void stepAt(int position, float[][] q, float[][] k, float[][] v, float[][] out) {
        Parallel.forRange(shape.kvHeads(), g -> kvHead(g, position, q, k[g], v[g], out));
    }

    private void kvHead(int g, int t, float[][] q, float[] k, float[] v, float[][] out) {
        int d = shape.dHead();
        int group = shape.group();
        if (mask != null) {
            for (int s = cache.count(g) - 1; s >= 0; s--) {
                if (!keeps(cache.position(g, s), t)) {
                    cache.remove(g, s); // the last slot moves into s; slots above s are already checked
                }
            }
        }
        cache.append(g, t, k, 0, v, 0);
        int count = cache.count(g);
        if (scores[g].length < group * count) {
            scores[g] = new float[Math.max(group * count, 2 * scores[g].length)];
        }
        float[] s = scores[g];
        float[] qs = queries[g];
        for (int r = 0; r < group; r++) {
            System.arraycopy(q[g * group + r], 0, qs, r * d, d);
        }
        DecodeKernels.cachedScores(qs, 0, group, cache.keys(g), 0, count, d, s, 0, count);
        int hidden = mask == null ? 0 : hiddenSlots(g, t, count);
        for (int r = 0; r < group; r++) {
            int row = r * count;
            int h = g * group + r;
            if (modifier != null) {
                VectorKernels.scale(s, row, count, scale);
                for (int slot = 0; slot < count; slot++) {
                    s[row + slot] = modifier.apply(s[row + slot], h, shape.heads(), t, cache.position(g, slot));
                }
            }
            for (int e = 0; e < hidden; e++) {
                s[row + hiddenSlots[g][e]] = Float.NEGATIVE_INFINITY;
            }
            VectorKernels.softmax(s, row, count, modifier == null ? scale : 1f); // all hidden: zero weights
        }
        float[] o = outputs[g];
        DecodeKernels.cachedWeightedSum(s, 0, count, group, cache.values(g), 0, count, d, o, 0);
        for (int r = 0; r < group; r++) {
            System.arraycopy(o, r * d, out[g * group + r], 0, d);
        }
    }

    /**
     * The slots of head {@code g} held but not allowed to the query at {@code t} (a dilated band's other
     * residues, a ring inside a window), listed once for all the group's query heads; returns how many.
     */
    private int hiddenSlots(int g, int t, int count) {
        if (hiddenSlots[g].length < count) {
            hiddenSlots[g] = new int[Math.max(count, 2 * hiddenSlots[g].length)];
        }
        int hidden = 0;
        for (int slot = 0; slot < count; slot++) {
            if (!mask.covers(t, cache.position(g, slot), t + 1, true)) {
                hiddenSlots[g][hidden++] = slot;
            }
        }
        return hidden;
    }

    private boolean keeps(int j, int from) {
        return mask == null || mask.mayBeSeenFrom(j, from);
    }

    @Override
    public int keysHeld() {
        return cache.count(0);
    }

    @Override
    public long cacheBytes() {
        return cache.bytesHeld();
    }

    /** Bytes of the cache's buffers as allocated (bounded by the policy's largest hold, not by the position). */
    public long cacheBytesAllocated() {
        return cache.bytesAllocated();
    }
}
