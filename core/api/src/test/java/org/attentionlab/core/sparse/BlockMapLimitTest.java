package org.attentionlab.core.sparse;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.attentionlab.core.mask.Masks;
import org.junit.jupiter.api.Test;

/**
 * A block map past its memory limit is refused in one line while it grows, before the memory is spent: a dense
 * mask's map holds (n / block)^2 tiles, so {@code all} at a million tokens would take 1.9 GB (and at 3 million
 * more than a Java array holds, which used to end in a NegativeArraySizeException).
 */
class BlockMapLimitTest {

    @Test
    void aMapPastItsLimitIsRefusedWhileItGrows() {
        assertThrows(IllegalArgumentException.class, () -> BlockMap.build(Masks.all(), 1_000_000, false, 64, 64L << 20));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> BlockMap.build(Masks.all(), 1_000_000, false, 64, 1 << 20));
        assertEquals("the block map of mask all at n = 1000000 (tiles of 64) outgrows its limit of 1 MB (a quarter of the"
                + " heap, at most what Java arrays hold): use a larger block size or a smaller n", e.getMessage());
    }

    @Test
    void aSparseMaskAtTheSameSizeFitsALimitItsDenseTwinPasses() {
        // window(64) keeps 3 tiles per query block, two of them partial (64 longs of bits each, twice): 32 MB in all,
        // where all's 15625 x 15625 entries would take 1.9 GB
        BlockMap map = BlockMap.build(Masks.window(64), 1_000_000, false, 64, 64L << 20);
        assertEquals(1_000_000L * 129 - 64L * 65, map.coveredPairs());
    }
}
