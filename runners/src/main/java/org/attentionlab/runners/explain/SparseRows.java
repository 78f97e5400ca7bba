package org.attentionlab.runners.explain;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Every attention row of several maps (the reference and each variant, all {@code layers x heads x n x n}) kept
 * as its {@code slots} most weighted keys: per row the keys with the largest |weight| in any map, shared by
 * the maps so that their difference is exact at every key kept, each map's weights at those keys, and the
 * rest (the row's sum minus the kept weights: the mass of the keys left out). The weights are kept exact
 * (for attention.json) and in 8 bits over the row's range [lo, hi] (for the page), where a weight that is
 * not 0 never becomes 0, so the page can tell a key a variant picked from one it did not.
 */
final class SparseRows {

    /** Quantisation levels of a weight in the page. */
    static final int LEVELS = 255;

    private final int layers;
    private final int heads;
    private final int n;
    private final int maps;
    private final int slots;
    private final int[] counts;
    private final int[] keys;
    private final float[][] weights;
    private final byte[][] quantised;
    private final float[][] lo;
    private final float[][] hi;
    private final float[][] rest;
    private final boolean[] allKept;

    SparseRows(int layers, int heads, int n, int maps, int slots) {
        if (slots < 1 || slots > n) {
            throw new IllegalArgumentException("slots must be in [1, n], got " + slots + " for n=" + n);
        }
        this.layers = layers;
        this.heads = heads;
        this.n = n;
        this.maps = maps;
        this.slots = slots;
        int rows = layers * heads * n;
        counts = new int[rows];
        keys = new int[rows * slots];
        weights = new float[maps][rows * slots];
        quantised = new byte[maps][rows * slots];
        lo = new float[maps][rows];
        hi = new float[maps][rows];
        rest = new float[maps][rows];
        allKept = new boolean[maps];
        Arrays.fill(allKept, true);
    }

    int slots() {
        return slots;
    }

    /** Keeps the rows of one head of one layer: {@code map[m]} is map m's {@code n x n} weights, row-major. */
    void add(int layer, int head, double[][] map) {
        if (map.length != maps) {
            throw new IllegalArgumentException(map.length + " maps given, " + maps + " expected");
        }
        double[] score = new double[n];
        double[] sorted = new double[n];
        for (int i = 0; i < n; i++) {
            int row = (layer * heads + head) * n + i;
            for (int j = 0; j < n; j++) {
                double s = 0;
                for (double[] m : map) {
                    s = Math.max(s, Math.abs(m[i * n + j]));
                }
                score[j] = s;
            }
            int count = choose(score, sorted, row * slots);
            counts[row] = count;
            for (int m = 0; m < maps; m++) {
                keep(map[m], i, row, count, m);
            }
        }
    }

    /** Writes the keys of the {@code slots} largest positive scores (ties: the lower key) at {@code at}; returns how many. */
    private int choose(double[] score, double[] sorted, int at) {
        System.arraycopy(score, 0, sorted, 0, n);
        Arrays.sort(sorted);
        double threshold = sorted[n - slots];
        int above = 0;
        for (int j = 0; j < n; j++) {
            if (score[j] > threshold) {
                above++;
            }
        }
        int count = 0;
        int ties = slots - above;
        for (int j = 0; j < n && count < slots; j++) {
            boolean take = score[j] > threshold || (score[j] == threshold && ties-- > 0);
            if (take && score[j] > 0) {
                keys[at + count++] = j;
            }
        }
        return count;
    }

    private void keep(double[] map, int i, int row, int count, int m) {
        int at = row * slots;
        double sum = 0;
        int nonZero = 0;
        for (int j = 0; j < n; j++) {
            sum += map[i * n + j];
            nonZero += map[i * n + j] != 0 ? 1 : 0;
        }
        double kept = 0;
        double low = 0;
        double high = 0;
        int keptNonZero = 0;
        for (int s = 0; s < count; s++) {
            double w = map[i * n + keys[at + s]];
            keptNonZero += w != 0 ? 1 : 0;
            weights[m][at + s] = (float) w;
            kept += w;
            low = Math.min(low, w);
            high = Math.max(high, w);
        }
        lo[m][row] = (float) low;
        hi[m][row] = (float) high;
        rest[m][row] = (float) (sum - kept);
        if (keptNonZero < nonZero) {
            allKept[m] = false;
        }
        for (int s = 0; s < count; s++) {
            quantised[m][at + s] = (byte) quantise(weights[m][at + s], lo[m][row], hi[m][row]);
        }
    }

    /**
     * The 8-bit code of {@code w} in [lo, hi] (lo <= 0 <= hi, as floats the page reads back): the nearest level,
     * moved one level off the code of 0 when w is not 0 but would read as the code of 0.
     */
    static int quantise(float w, float lo, float hi) {
        double range = (double) hi - lo;
        if (range <= 0) {
            return 0;
        }
        int code = (int) Math.round((w - (double) lo) / range * LEVELS);
        int zero = zeroCode(lo, hi);
        if (w != 0 && code == zero) {
            code += w > 0 ? 1 : -1;
        }
        return Math.max(0, Math.min(LEVELS, code));
    }

    /** The code a weight of exactly 0 gets in [lo, hi]. */
    static int zeroCode(float lo, float hi) {
        double range = (double) hi - lo;
        return range <= 0 ? 0 : (int) Math.round(-(double) lo / range * LEVELS);
    }

    /** What the page reads back from a code. */
    static double dequantise(int code, float lo, float hi) {
        return lo + code / (double) LEVELS * ((double) hi - lo);
    }

    int count(int layer, int head, int i) {
        return counts[(layer * heads + head) * n + i];
    }

    int key(int layer, int head, int i, int slot) {
        return keys[((layer * heads + head) * n + i) * slots + slot];
    }

    float weight(int map, int layer, int head, int i, int slot) {
        return weights[map][((layer * heads + head) * n + i) * slots + slot];
    }

    float rest(int map, int layer, int head, int i) {
        return rest[map][(layer * heads + head) * n + i];
    }

    /** True when every row of {@code map} had all its non-zero keys kept. */
    boolean complete(int map) {
        return allKept[map];
    }

    /**
     * The rows as base64 of little-endian arrays, what the page decodes: {@code counts} (uint16 per row),
     * {@code keys} (uint16 per slot), and per map {@code codes} (uint8 per slot), {@code lo}, {@code hi},
     * {@code rest} (float32 per row).
     */
    Map<String, Object> encoded() {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("counts", base64(shorts(counts)));
        out.put("keys", base64(shorts(keys)));
        Object[] perMap = new Object[maps];
        for (int m = 0; m < maps; m++) {
            Map<String, String> one = new LinkedHashMap<>();
            one.put("codes", base64(quantised[m]));
            one.put("lo", base64(floats(lo[m])));
            one.put("hi", base64(floats(hi[m])));
            one.put("rest", base64(floats(rest[m])));
            perMap[m] = one;
        }
        out.put("maps", perMap);
        return out;
    }

    private static byte[] shorts(int[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 2).order(ByteOrder.LITTLE_ENDIAN);
        for (int v : values) {
            b.putShort((short) v);
        }
        return b.array();
    }

    private static byte[] floats(float[] values) {
        ByteBuffer b = ByteBuffer.allocate(values.length * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : values) {
            b.putFloat(v);
        }
        return b.array();
    }

    private static String base64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    /** Layer x head x row: the kept keys, for attention.json. */
    int[][][][] keysNested() {
        int[][][][] out = new int[layers][heads][n][];
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < n; i++) {
                    int row = (l * heads + h) * n + i;
                    out[l][h][i] = Arrays.copyOfRange(keys, row * slots, row * slots + counts[row]);
                }
            }
        }
        return out;
    }

    /** Layer x head x row: map m's weights at the kept keys (exact, as floats), for attention.json. */
    float[][][][] weightsNested(int map) {
        float[][][][] out = new float[layers][heads][n][];
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                for (int i = 0; i < n; i++) {
                    int row = (l * heads + h) * n + i;
                    out[l][h][i] = Arrays.copyOfRange(weights[map], row * slots, row * slots + counts[row]);
                }
            }
        }
        return out;
    }

    /** Layer x head x row: map m's rest (the row's sum minus the kept weights), for attention.json. */
    float[][][] restNested(int map) {
        float[][][] out = new float[layers][heads][n];
        for (int l = 0; l < layers; l++) {
            for (int h = 0; h < heads; h++) {
                System.arraycopy(rest[map], (l * heads + h) * n, out[l][h], 0, n);
            }
        }
        return out;
    }
}
