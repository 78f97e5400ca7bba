package org.attentionlab.core.decode;

import java.util.Arrays;

/**
 * The keys and values one layer holds while decoding, per key/value head: {@code count(g)} rows of {@code d}
 * floats each, contiguous from slot 0 (so a decode step scores them in one GEMV), and the token position of
 * each slot. Removing a slot moves the last slot into it, so rows stay contiguous in O(d) and the order of
 * slots is not the order of positions (softmax does not care). Buffers grow by doubling up to
 * {@code maxKeys} rows and never shrink: a cache whose policy holds at most W keys allocates for W, whatever
 * the sequence length. Not thread-safe; different key/value heads may be changed from different threads.
 */
public final class KvCache {

    private final int d;
    private final int maxKeys;
    private final float[][] keys;
    private final float[][] values;
    private final int[][] positions;
    private final int[] count;

    /**
     * An empty cache.
     *
     * @param kvHeads key/value heads, at least 1
     * @param d       head width in floats, at least 1
     * @param maxKeys the most rows one head may hold, at least 1
     * @throws IllegalArgumentException when a size is below 1
     */
    public KvCache(int kvHeads, int d, int maxKeys) {
        if (kvHeads < 1 || d < 1 || maxKeys < 1) {
            throw new IllegalArgumentException("kvHeads, d and maxKeys must be >= 1, got " + kvHeads + ", " + d + ", " + maxKeys);
        }
        this.d = d;
        this.maxKeys = maxKeys;
        this.keys = new float[kvHeads][0];
        this.values = new float[kvHeads][0];
        this.positions = new int[kvHeads][0];
        this.count = new int[kvHeads];
    }

    /** Key/value heads. */
    public int kvHeads() {
        return count.length;
    }

    /** Head width in floats. */
    public int d() {
        return d;
    }

    /** Rows held now by key/value head {@code g}. */
    public int count(int g) {
        return count[g];
    }

    /** Head {@code g}'s keys: row {@code s} at {@code [s * d, (s + 1) * d)} for {@code s < count(g)}; the live array, not a copy. */
    public float[] keys(int g) {
        return keys[g];
    }

    /** Head {@code g}'s values, laid out as {@link #keys}; the live array. */
    public float[] values(int g) {
        return values[g];
    }

    /** The token position of slot {@code s} of head {@code g} ({@code s < count(g)}). */
    public int position(int g, int s) {
        return positions[g][s];
    }

    /**
     * Appends one token's key and value to head {@code g} and returns its slot ({@code count(g) - 1} after).
     *
     * @throws IllegalStateException when the head already holds {@code maxKeys} rows
     */
    public int append(int g, int position, float[] k, int ko, float[] v, int vo) {
        int s = count[g];
        if (s == maxKeys) {
            throw new IllegalStateException("key/value cache full: " + maxKeys + " keys per head");
        }
        if (s == positions[g].length) {
            int grown = (int) Math.min(maxKeys, Math.max(16L, 2L * s));
            keys[g] = Arrays.copyOf(keys[g], grown * d);
            values[g] = Arrays.copyOf(values[g], grown * d);
            positions[g] = Arrays.copyOf(positions[g], grown);
        }
        System.arraycopy(k, ko, keys[g], s * d, d);
        System.arraycopy(v, vo, values[g], s * d, d);
        positions[g][s] = position;
        count[g] = s + 1;
        return s;
    }

    /**
     * Removes slot {@code s} of head {@code g}: the last slot moves into it. Returns the slot that moved
     * (the old last one, whose data a caller keeping per-slot data must move to {@code s} too); equal to
     * {@code s} when the removed slot was the last.
     */
    public int remove(int g, int s) {
        int last = count[g] - 1;
        if (s != last) {
            System.arraycopy(keys[g], last * d, keys[g], s * d, d);
            System.arraycopy(values[g], last * d, values[g], s * d, d);
            positions[g][s] = positions[g][last];
        }
        count[g] = last;
        return last;
    }

    /** Rows held over all heads. */
    public long rowsHeld() {
        long rows = 0;
        for (int c : count) {
            rows += c;
        }
        return rows;
    }

    /** Bytes of the keys and values held now (not of the allocated buffers): {@code 2 * rowsHeld() * d * 4}. */
    public long bytesHeld() {
        return 2L * rowsHeld() * d * Float.BYTES;
    }

    /** Bytes of the buffers allocated now (keys, values and positions), which a bounded policy keeps bounded. */
    public long bytesAllocated() {
        long bytes = 0;
        for (int g = 0; g < count.length; g++) {
            bytes += (long) (keys[g].length + values[g].length + positions[g].length) * Float.BYTES;
        }
        return bytes;
    }
}
