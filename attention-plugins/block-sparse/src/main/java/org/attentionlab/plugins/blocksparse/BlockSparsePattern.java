package org.attentionlab.plugins.blocksparse;

import java.util.Arrays;

/**
 * Which keys a query sees under the BigBird-style block pattern, kept apart from the kernel so diagnostics can ask
 * {@link #covers} (the shape of core's {@code AttentionPattern}). The sequence is cut into blocks of
 * {@code blockSize} tokens (the last may be short); query block qb attends to key blocks:
 * <ul>
 *   <li>window: {@code qb - w/2 .. qb + w/2}, clipped to the sequence;</li>
 *   <li>global: blocks {@code 0 .. g-1}; and a global query block ({@code qb < g}) attends to every block;</li>
 *   <li>random: {@code r} blocks drawn without replacement among the blocks not covered by the two rules above,
 *       from a generator seeded by {@code (seed, qb)} (the same for every head and layer); fewer when fewer remain.</li>
 * </ul>
 * Causal: only blocks at or before qb are kept (random ones are drawn among those too), and inside the diagonal
 * block key j must not come after query i.
 */
public final class BlockSparsePattern {

    private final int blockSize;
    private final int windowBlocks;
    private final int globalBlocks;
    private final int randomBlocks;
    private final long seed;
    private volatile BlockLayout cached;

    public BlockSparsePattern(int blockSize, int windowBlocks, int globalBlocks, int randomBlocks, long seed) {
        if (blockSize < 1 || windowBlocks < 1 || windowBlocks % 2 == 0 || globalBlocks < 0 || randomBlocks < 0) {
            throw new IllegalArgumentException("block pattern needs blockSize >= 1, odd windowBlocks >= 1, globalBlocks >= 0,"
                    + " randomBlocks >= 0; got " + blockSize + ", " + windowBlocks + ", " + globalBlocks + ", " + randomBlocks);
        }
        this.blockSize = blockSize;
        this.windowBlocks = windowBlocks;
        this.globalBlocks = globalBlocks;
        this.randomBlocks = randomBlocks;
        this.seed = seed;
    }

    public int blockSize() {
        return blockSize;
    }

    /** Number of blocks of a sequence of n tokens. */
    public int blockCount(int n) {
        return (n - 1) / blockSize + 1; // not (n + blockSize - 1) / blockSize: that overflows for a huge blockSize
    }

    /** True when query i attends to key j in a sequence of n tokens (padding aside); false outside [0, n). */
    public boolean covers(int i, int j, int n, boolean causal) {
        if (i < 0 || j < 0 || i >= n || j >= n || (causal && j > i)) {
            return false;
        }
        int[] blocks = layout(n, causal).keyBlocks()[i / blockSize];
        return Arrays.binarySearch(blocks, j / blockSize) >= 0;
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

    /** The layout for n tokens; the last one asked for is kept, so a forward at a fixed n builds it once. */
    BlockLayout layout(int n, boolean causal) {
        BlockLayout layout = cached;
        if (layout == null || layout.n() != n || layout.causal() != causal) {
            int count = blockCount(n);
            int[][] keyBlocks = new int[count][];
            for (int qb = 0; qb < count; qb++) {
                keyBlocks[qb] = keyBlocks(qb, count, causal);
            }
            layout = new BlockLayout(n, causal, blockSize, keyBlocks);
            cached = layout;
        }
        return layout;
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
}
