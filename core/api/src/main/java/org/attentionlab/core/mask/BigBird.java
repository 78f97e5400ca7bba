package org.attentionlab.core.mask;

import java.util.Arrays;

/**
 * {@code bigbird(block, windowBlocks, globalBlocks, randomBlocks, seed)}: BigBird's block pattern. The
 * sequence is cut into blocks of {@code block} tokens (the last may be short); query block qb attends to
 * key blocks:
 * <ul>
 *   <li>window: {@code qb - w/2 .. qb + w/2}, clipped to the sequence;</li>
 *   <li>global: blocks {@code 0 .. g-1}; and a global query block ({@code qb < g}) attends to every block;</li>
 *   <li>random: {@code r} blocks drawn without replacement among the blocks not covered by the two rules
 *       above, from a generator seeded by {@code (seed, qb)} (the same for every head and layer); fewer
 *       when fewer remain. When causal only blocks at or before qb are candidates.</li>
 * </ul>
 * The key blocks of every query block are computed once per (n, causal) and the last layout is kept.
 * Thread-safe: the cached layout is an immutable value published through a volatile field.
 */
public final class BigBird implements Mask {

    private final int block;
    private final int windowBlocks;
    private final int globalBlocks;
    private final int randomBlocks;
    private final long seed;
    private volatile Layout cached;

    /** The key blocks of every query block, for one n and causal flag; {@code covered[qb][kb]}. */
    private record Layout(int n, boolean causal, boolean[][] covered) {
    }

    /**
     * The pattern with its five parameters, as {@code bigbird(block, windowBlocks, globalBlocks, randomBlocks, seed)}.
     *
     * @throws IllegalArgumentException unless block, windowBlocks >= 1, windowBlocks odd, the rest >= 0
     */
    public BigBird(int block, int windowBlocks, int globalBlocks, int randomBlocks, long seed) {
        if (block < 1 || windowBlocks < 1 || windowBlocks % 2 == 0 || globalBlocks < 0 || randomBlocks < 0) {
            throw new IllegalArgumentException("bigbird needs block >= 1, odd windowBlocks >= 1, globalBlocks >= 0,"
                    + " randomBlocks >= 0; got " + block + ", " + windowBlocks + ", " + globalBlocks + ", " + randomBlocks);
        }
        this.block = block;
        this.windowBlocks = windowBlocks;
        this.globalBlocks = globalBlocks;
        this.randomBlocks = randomBlocks;
        this.seed = seed;
    }

    /** Tokens per block. */
    public int block() {
        return block;
    }

    /** Number of blocks of a sequence of n tokens. */
    public int blockCount(int n) {
        return (n - 1) / block + 1; // not (n + block - 1) / block: that overflows for a huge block
    }

    @Override
    public boolean allows(int i, int j, int n, boolean causal) {
        return layout(n, causal)[i / block][j / block];
    }

    @Override
    public TileKind tile(int i0, int i1, int j0, int j1, int n, boolean causal) {
        boolean[][] covered = layout(n, causal);
        boolean any = false;
        boolean every = true;
        for (int qb = i0 / block; qb <= (i1 - 1) / block; qb++) {
            for (int kb = j0 / block; kb <= (j1 - 1) / block; kb++) {
                any |= covered[qb][kb];
                every &= covered[qb][kb];
            }
        }
        return every ? TileKind.FULL : any ? TileKind.PARTIAL : TileKind.EMPTY;
    }

    /** The key blocks query block {@code queryBlock} attends to, ascending. */
    public int[] keyBlocks(int queryBlock, int blockCount, boolean causal) {
        boolean[] covered = deterministicBlocks(queryBlock, blockCount, causal);
        for (int b : randomBlocks(queryBlock, blockCount, causal)) {
            covered[b] = true;
        }
        return indices(covered);
    }

    /** The random blocks of {@code queryBlock} alone, ascending: none for a global query block. */
    public int[] randomBlocks(int queryBlock, int blockCount, boolean causal) {
        if (queryBlock < globalBlocks || randomBlocks == 0) {
            return new int[0];
        }
        boolean[] covered = deterministicBlocks(queryBlock, blockCount, causal);
        int limit = causal ? queryBlock : blockCount - 1;
        int[] candidates = new int[limit + 1];
        int count = 0;
        for (int b = 0; b <= limit; b++) {
            if (!covered[b]) {
                candidates[count++] = b;
            }
        }
        int take = Math.min(randomBlocks, count);
        SplitMix64 random = new SplitMix64(seed, queryBlock);
        for (int t = 0; t < take; t++) { // partial Fisher-Yates: candidates[0..take) is a uniform sample
            int pick = t + random.nextInt(count - t);
            int swap = candidates[t];
            candidates[t] = candidates[pick];
            candidates[pick] = swap;
        }
        int[] chosen = Arrays.copyOf(candidates, take);
        Arrays.sort(chosen);
        return chosen;
    }

    private boolean[][] layout(int n, boolean causal) {
        Layout layout = cached;
        if (layout == null || layout.n() != n || layout.causal() != causal) {
            int count = blockCount(n);
            boolean[][] covered = new boolean[count][count];
            for (int qb = 0; qb < count; qb++) {
                for (int kb : keyBlocks(qb, count, causal)) {
                    covered[qb][kb] = true;
                }
            }
            layout = new Layout(n, causal, covered);
            cached = layout;
        }
        return layout.covered();
    }

    /** Window and global blocks of a query block (everything allowed, for a global one). */
    private boolean[] deterministicBlocks(int queryBlock, int blockCount, boolean causal) {
        int limit = causal ? queryBlock : blockCount - 1;
        boolean[] covered = new boolean[blockCount];
        if (queryBlock < globalBlocks) {
            Arrays.fill(covered, 0, limit + 1, true);
            return covered;
        }
        int half = windowBlocks / 2;
        for (int b = Math.max(0, queryBlock - half); b <= Math.min(limit, queryBlock + half); b++) {
            covered[b] = true;
        }
        for (int b = 0; b < Math.min(globalBlocks, limit + 1); b++) {
            covered[b] = true;
        }
        return covered;
    }

    private static int[] indices(boolean[] covered) {
        int count = 0;
        for (boolean c : covered) {
            if (c) {
                count++;
            }
        }
        int[] out = new int[count];
        int at = 0;
        for (int b = 0; b < covered.length; b++) {
            if (covered[b]) {
                out[at++] = b;
            }
        }
        return out;
    }

    @Override
    public String toString() {
        return "bigbird(" + block + ", " + windowBlocks + ", " + globalBlocks + ", " + randomBlocks + ", " + seed + ")";
    }
}
