package org.attentionlab.plugins.slidingwindow;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class SlidingWindowPatternTest {

    @Test
    void coversMatchesTheDefinition() {
        for (int window : new int[] {1, 2, 3, 6}) {
            for (int global : new int[] {0, 2}) {
                for (boolean causal : new boolean[] {false, true}) {
                    SlidingWindowPattern pattern = new SlidingWindowPattern(window, global, 0, 1);
                    DenseMaskOracle.Mask mask = DenseMaskOracle.bandAndGlobal(window, global, causal);
                    int n = 13;
                    for (int i = 0; i < n; i++) {
                        for (int j = 0; j < n; j++) {
                            assertEquals(mask.visible(i, j), pattern.covers(i, j, n, causal), pattern + " i=" + i + " j=" + j);
                        }
                    }
                }
            }
        }
    }

    @Test
    void keysRowCountAndPairsAgreeWithCovers() {
        int[] buffer = new int[64];
        for (int window : new int[] {1, 2, 5, 8, 40}) {
            for (int global : new int[] {0, 1, 4}) {
                for (int sinks : new int[] {0, 3}) {
                    for (int dilation : new int[] {1, 2, 3}) {
                        for (boolean causal : new boolean[] {false, true}) {
                            SlidingWindowPattern pattern = new SlidingWindowPattern(window, global, sinks, dilation);
                            for (int n : new int[] {1, 2, 9, 30}) {
                                long pairs = 0;
                                int widest = 0;
                                for (int i = 0; i < n; i++) {
                                    int[] expected = bruteForce(pattern, i, n, causal);
                                    int count = pattern.keys(i, n, causal, buffer);
                                    String where = pattern + " causal=" + causal + " n=" + n + " i=" + i;
                                    assertArrayEquals(expected, Arrays.copyOf(buffer, count), where);
                                    assertEquals(count, pattern.rowCount(i, n, causal), where);
                                    pairs += count;
                                    widest = Math.max(widest, count);
                                }
                                assertEquals(pairs, pattern.pairs(n, causal));
                                assertEquals(true, pattern.rowCapacity(n, causal) >= widest);
                                assertEquals(true, pattern.rowCapacity(n, causal) <= n);
                            }
                        }
                    }
                }
            }
        }
    }

    private static int[] bruteForce(SlidingWindowPattern pattern, int i, int n, boolean causal) {
        return java.util.stream.IntStream.range(0, n).filter(j -> pattern.covers(i, j, n, causal)).toArray();
    }
}
