package org.attentionlab.plugins.blocksparse;

/**
 * The key blocks of every query block for one sequence length and causal flag, built once by
 * {@link BlockSparsePattern#layout} and read by the kernel, the cost model and {@code covers}.
 *
 * @param keyBlocks {@code keyBlocks[qb]}: the key blocks query block qb attends to, ascending
 */
record BlockLayout(int n, boolean causal, int blockSize, int[][] keyBlocks) {

    int blockCount() {
        return keyBlocks.length;
    }

    int blockStart(int block) {
        return block * blockSize;
    }

    int blockEnd(int block) {
        return (int) Math.min(n, (long) (block + 1) * blockSize);
    }

    /** (query, key) pairs the kernel computes: whole blocks, the lower triangle of the diagonal block when causal. */
    long pairs() {
        long pairs = 0;
        for (int qb = 0; qb < keyBlocks.length; qb++) {
            long rows = blockEnd(qb) - blockStart(qb);
            for (int kb : keyBlocks[qb]) {
                long columns = blockEnd(kb) - blockStart(kb);
                pairs += causal && kb == qb ? rows * (rows + 1) / 2 : rows * columns;
            }
        }
        return pairs;
    }

    /** The longest score row any query needs: the keys of its blocks. */
    int maxKeysPerQuery() {
        int max = 0;
        for (int[] blocks : keyBlocks) {
            int keys = 0;
            for (int kb : blocks) {
                keys += blockEnd(kb) - blockStart(kb);
            }
            max = Math.max(max, keys);
        }
        return max;
    }

    /** Ints held by {@link #keyBlocks}: the layout's share of scratch. */
    long entries() {
        long entries = 0;
        for (int[] blocks : keyBlocks) {
            entries += blocks.length;
        }
        return entries;
    }
}
