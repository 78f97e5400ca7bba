package org.attentionlab.core.mask;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Set;
import java.util.TreeSet;
import org.attentionlab.core.testing.BigBirdBlocks;
import org.junit.jupiter.api.Test;

class BigBirdTest {

    private static int[] array(Set<Integer> set) {
        return set.stream().mapToInt(Integer::intValue).toArray();
    }

    @Test
    void windowAndGlobalBlocksFollowTheRules() {
        BigBird pattern = new BigBird(4, 3, 1, 0, 0);
        assertArrayEquals(new int[] {0, 4, 5, 6}, pattern.keyBlocks(5, 16, false));
        assertArrayEquals(new int[] {0, 14, 15}, pattern.keyBlocks(15, 16, false));
        assertArrayEquals(new int[] {0, 1, 2}, pattern.keyBlocks(1, 16, false));
        assertEquals(16, pattern.keyBlocks(0, 16, false).length, "a global block attends to all");
        assertArrayEquals(new int[] {0, 4, 5}, pattern.keyBlocks(5, 16, true));
        assertArrayEquals(new int[] {0}, pattern.keyBlocks(0, 16, true));
        assertArrayEquals(new int[] {7}, new BigBird(4, 1, 0, 0, 0).keyBlocks(7, 16, false));
        assertArrayEquals(new int[] {0, 1, 3, 4, 5, 6, 7}, new BigBird(4, 5, 2, 0, 0).keyBlocks(5, 8, false));
    }

    @Test
    void randomBlocksAreDrawnAmongTheUncoveredOnes() {
        int blockCount = 20;
        for (boolean causal : new boolean[] {false, true}) {
            BigBird pattern = new BigBird(8, 3, 2, 3, 7);
            for (int qb = 0; qb < blockCount; qb++) {
                Set<Integer> fixed = BigBirdBlocks.windowAndGlobal(qb, blockCount, 3, 2, causal);
                int[] random = pattern.randomBlocks(qb, blockCount, causal);
                int uncovered = (causal ? qb + 1 : blockCount) - fixed.size();
                assertEquals(qb < 2 ? 0 : Math.min(3, uncovered), random.length, "qb=" + qb + " causal=" + causal);
                Set<Integer> all = new TreeSet<>(fixed);
                for (int b : random) {
                    assertFalse(fixed.contains(b), "random block " + b + " already covered, qb=" + qb);
                    assertTrue(b >= 0 && b < blockCount && (!causal || b <= qb), "block " + b + " out of bounds, qb=" + qb);
                    assertTrue(all.add(b), "random block " + b + " drawn twice, qb=" + qb);
                }
                assertArrayEquals(array(all), pattern.keyBlocks(qb, blockCount, causal), "qb=" + qb);
            }
        }
    }

    @Test
    void randomBlocksAreSetBySeedAlone() {
        BigBird a = new BigBird(16, 3, 1, 2, 42);
        BigBird b = new BigBird(16, 3, 1, 2, 42);
        BigBird other = new BigBird(16, 3, 1, 2, 43);
        int differing = 0;
        for (int qb = 1; qb < 64; qb++) {
            assertArrayEquals(a.randomBlocks(qb, 64, false), b.randomBlocks(qb, 64, false));
            assertArrayEquals(a.randomBlocks(qb, 64, false), a.randomBlocks(qb, 64, false));
            if (!java.util.Arrays.equals(a.randomBlocks(qb, 64, false), other.randomBlocks(qb, 64, false))) {
                differing++;
            }
        }
        assertTrue(differing > 40, "another seed should move most random blocks, moved " + differing);
    }

    @Test
    void randomBlocksSpreadOverTheCandidates() {
        // one random block among 60 candidates, over many seeds: every candidate is hit, none far too often
        int[] hits = new int[64];
        for (int seed = 0; seed < 6000; seed++) {
            hits[new BigBird(1, 3, 1, 1, seed).randomBlocks(32, 64, false)[0]]++;
        }
        for (int b = 0; b < 64; b++) {
            boolean covered = b == 0 || Math.abs(b - 32) <= 1;
            if (covered) {
                assertEquals(0, hits[b]);
            } else {
                assertTrue(hits[b] > 50 && hits[b] < 160, "block " + b + " drawn " + hits[b] + " times of 6000 (100 expected)");
            }
        }
    }

    @Test
    void coversIsTheBlockRulePlusCausalOrderInsideTheDiagonalBlock() {
        BigBird pattern = new BigBird(4, 1, 0, 0, 0); // own block only
        int n = 10; // blocks [0,4) [4,8) [8,10)
        assertTrue(pattern.covers(5, 7, n, false));
        assertFalse(pattern.covers(5, 3, n, false));
        assertTrue(pattern.covers(9, 8, n, false));
        assertTrue(pattern.covers(5, 4, n, true));
        assertTrue(pattern.covers(5, 5, n, true));
        assertFalse(pattern.covers(5, 6, n, true));
        assertEquals(3, pattern.blockCount(n));
    }
}
