package org.attentionlab.plugins.heavyhitter;

import org.attentionlab.core.decode.KvCache;
import org.attentionlab.core.tensor.DecodeKernels;
import org.attentionlab.core.tensor.VectorKernels;

/**
 * The H2O cache of one sequence, per key/value head, and the one token step that both the forward and the
 * decode state run, so they cannot disagree. Token t of key/value head g:
 * <ol>
 *   <li>its key and value join the cache (a padded key does not);</li>
 *   <li>when the cache then holds more than {@code recent + heavy} keys, one is evicted: among the keys
 *       older than the last {@code recent} positions ({@code position <= t - recent}), the one with the
 *       smallest accumulated attention, the oldest on a tie;</li>
 *   <li>each query head of the group attends over the cache (softmax of q.k / sqrt(d));</li>
 *   <li>each cached key's accumulated attention grows by the weights those query heads gave it.</li>
 * </ol>
 * Different key/value heads may run on different threads; one head is not thread-safe.
 */
final class HeavyHitterCache {

    private final int recent;
    private final int budget;
    private final int d;
    private final int group;
    private final float scale;
    private final KvCache cache;
    private final float[][] accumulated;
    private final float[][] queries;
    private final float[][] scores;
    private final float[][] outputs;

    HeavyHitterCache(int kvHeads, int group, int d, int recent, int heavy) {
        this.recent = recent;
        this.budget = (int) Math.min(Integer.MAX_VALUE - 1, (long) recent + heavy);
        this.d = d;
        this.group = group;
        this.scale = (float) (1.0 / Math.sqrt(d));
        this.cache = new KvCache(kvHeads, d, budget + 1);
        this.accumulated = new float[kvHeads][0];
        this.queries = new float[kvHeads][group * d];
        this.scores = new float[kvHeads][0];
        this.outputs = new float[kvHeads][group * d];
    }

    /**
     * Token {@code t} of key/value head {@code g}: key row {@code k[ko ..]} and value row {@code v[vo ..]}
     * (null: a padded token, no key), then the group's queries {@code q[h0 + r][qo ..]} for {@code r < group}
     * attend, writing {@code out[h0 + r][oo .. oo + d)}.
     */
    void token(int g, int t, float[] k, int ko, float[] v, int vo, float[][] q, int qo, int h0, float[][] out, int oo) {
        if (k != null) {
            int slot = cache.append(g, t, k, ko, v, vo);
            if (accumulated[g].length <= slot) {
                accumulated[g] = java.util.Arrays.copyOf(accumulated[g], Math.min(budget + 1, Math.max(slot + 1, 2 * accumulated[g].length)));
            }
            accumulated[g][slot] = 0f;
            if (cache.count(g) > budget) {
                evict(g, t);
            }
        }
        attend(g, t, q, qo, h0, out, oo);
    }

    private void evict(int g, int t) {
        int victim = -1;
        float[] acc = accumulated[g];
        for (int s = 0; s < cache.count(g); s++) {
            int position = cache.position(g, s);
            if ((long) position > (long) t - recent) {
                continue; // one of the last `recent` positions
            }
            if (victim < 0 || acc[s] < acc[victim] || (acc[s] == acc[victim] && position < cache.position(g, victim))) {
                victim = s;
            }
        }
        int moved = cache.remove(g, victim);
        acc[victim] = acc[moved];
    }

    private void attend(int g, int t, float[][] q, int qo, int h0, float[][] out, int oo) {
        int count = cache.count(g);
        if (count == 0) {
            for (int r = 0; r < group; r++) {
                java.util.Arrays.fill(out[h0 + r], oo, oo + d, 0f);
            }
            return;
        }
        if (scores[g].length < group * count) {
            int rows = Math.min(budget, Math.max(count, 2 * (scores[g].length / group))); // count <= budget after eviction
            scores[g] = new float[group * rows];
        }
        float[] s = scores[g];
        float[] qs = queries[g];
        for (int r = 0; r < group; r++) {
            System.arraycopy(q[h0 + r], qo, qs, r * d, d);
        }
        DecodeKernels.cachedScores(qs, 0, group, cache.keys(g), 0, count, d, s, 0, count);
        float[] acc = accumulated[g];
        for (int r = 0; r < group; r++) {
            VectorKernels.softmax(s, r * count, count, scale);
            VectorKernels.axpy(1f, s, r * count, acc, 0, count);
        }
        float[] o = outputs[g];
        DecodeKernels.cachedWeightedSum(s, 0, count, group, cache.values(g), 0, count, d, o, 0);
        for (int r = 0; r < group; r++) {
            System.arraycopy(o, r * d, out[h0 + r], oo, d);
        }
    }

    /** Keys held by head {@code g}. */
    int count(int g) {
        return cache.count(g);
    }

    /** The positions head {@code g} holds, sorted (for tests). */
    int[] positions(int g) {
        int[] positions = new int[cache.count(g)];
        for (int s = 0; s < positions.length; s++) {
            positions[s] = cache.position(g, s);
        }
        java.util.Arrays.sort(positions);
        return positions;
    }

    /** Bytes of the keys and values held. */
    long bytesHeld() {
        return cache.bytesHeld();
    }
}
