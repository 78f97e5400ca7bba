package org.attentionlab.core.testing;

import java.util.Set;
import java.util.TreeSet;

/**
 * BigBird's window and global key blocks by the paper's rules, written independently of core-api's mask classes: the
 * oracle that the {@code bigbird(...)} mask's tests and the block-sparse plugin's tests share.
 */
public final class BigBirdBlocks {

    private BigBirdBlocks() {
    }

    /**
     * The key blocks query block {@code qb} sees among {@code blockCount}: those within {@code window / 2} blocks of it,
     * every block when {@code qb} is one of the first {@code global}, and the first {@code global} blocks; with
     * {@code causal}, none after {@code qb}.
     */
    public static Set<Integer> windowAndGlobal(int qb, int blockCount, int window, int global, boolean causal) {
        Set<Integer> blocks = new TreeSet<>();
        for (int b = 0; b < blockCount; b++) {
            boolean inWindow = Math.abs(b - qb) <= window / 2;
            boolean isGlobal = b < global || qb < global;
            if ((inWindow || isGlobal) && (!causal || b <= qb)) {
                blocks.add(b);
            }
        }
        return blocks;
    }
}
