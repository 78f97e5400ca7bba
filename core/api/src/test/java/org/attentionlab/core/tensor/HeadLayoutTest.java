package org.attentionlab.core.tensor;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class HeadLayoutTest {

    @Test
    void queryHeadsOfAGroupShareTheirKeyValueArrays() {
        float[][] kv = {{0f}, {1f}, {2f}};
        float[][] perQuery = HeadLayout.perQueryHead(kv, 6);
        assertEquals(6, perQuery.length);
        int[] expected = {0, 0, 1, 1, 2, 2}; // group of 2: query head h reads kv head h / 2
        for (int h = 0; h < 6; h++) {
            assertSame(kv[expected[h]], perQuery[h], "query head " + h);
        }
        float[][] multiHead = HeadLayout.perQueryHead(kv, 3);
        for (int h = 0; h < 3; h++) {
            assertSame(kv[h], multiHead[h], "one query head per kv head");
        }
        assertSame(kv[0], HeadLayout.perQueryHead(kv, 3)[0]);
        assertEquals("4 query heads cannot share 3 key/value heads evenly",
                assertThrows(IllegalArgumentException.class, () -> HeadLayout.perQueryHead(kv, 4)).getMessage());
        assertEquals("0 query heads cannot share 3 key/value heads evenly",
                assertThrows(IllegalArgumentException.class, () -> HeadLayout.perQueryHead(kv, 0)).getMessage());
    }

    @Test
    void splitAndMergeMoveEveryValueToItsPlaceAndTouchNothingElse() {
        for (int n : new int[] {1, 7, 513}) {
            for (int d : new int[] {1, 7, 16, 17, 32, 33}) {
                for (int threads : new int[] {1, 3}) {
                    int heads = 3;
                    float[] merged = new float[n * heads * d];
                    for (int i = 0; i < merged.length; i++) {
                        merged[i] = i; // every value distinct, so a misplaced one shows
                    }
                    // per-head arrays longer than n x d (the encoder's scratch grows to the longest n): the rest stays
                    float[][] perHead = new float[heads][n * d + 5];
                    for (float[] head : perHead) {
                        Arrays.fill(head, -1f);
                    }
                    float[] back = new float[merged.length];
                    Parallel.setThreads(threads);
                    try {
                        HeadLayout.split(merged, n, d, perHead);
                        HeadLayout.merge(perHead, n, d, back);
                    } finally {
                        Parallel.setThreads(1);
                    }
                    for (int h = 0; h < heads; h++) {
                        for (int i = 0; i < n; i++) {
                            for (int c = 0; c < d; c++) {
                                assertEquals(merged[i * heads * d + h * d + c], perHead[h][i * d + c],
                                        "n=" + n + " d=" + d + " head " + h + " row " + i + " col " + c);
                            }
                        }
                        for (int j = n * d; j < n * d + 5; j++) {
                            assertEquals(-1f, perHead[h][j], "past the end of head " + h);
                        }
                    }
                    assertArrayEquals(merged, back, "n=" + n + " d=" + d + ": merge undoes split");
                }
            }
        }
    }
}
