package org.attentionlab.core.mask;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.attentionlab.core.sparse.BlockMap;
import org.junit.jupiter.api.Test;

/** A primitive's or combination's O(1) tile answer never contradicts its pairs, and the block map counts them exactly. */
class MaskTilesTest {

    static final String[] PRIMITIVES = {"all", "causal", "window(3)", "window(17)", "sinks(2)", "global(3)", "prefix(5)",
        "dilated(12, 3)", "dilated(9, 1)", "bigbird(8, 3, 1, 1, 4)", "bigbird(5, 1, 0, 2, 1)"};

    /** Combinations of one, two and three primitives with every combinator. */
    static List<String> expressions(Random random, int count) {
        List<String> out = new ArrayList<>(List.of(PRIMITIVES));
        String[] ops = {" | ", " & "};
        for (int t = 0; t < count; t++) {
            String a = PRIMITIVES[random.nextInt(PRIMITIVES.length)];
            String b = PRIMITIVES[random.nextInt(PRIMITIVES.length)];
            String c = PRIMITIVES[random.nextInt(PRIMITIVES.length)];
            String negate = random.nextBoolean() ? "!" : "";
            out.add(a + ops[random.nextInt(2)] + negate + b);
            out.add("(" + a + ops[random.nextInt(2)] + b + ")" + ops[random.nextInt(2)] + negate + "(" + c + ")");
        }
        return out;
    }

    @Test
    void tileAnswersAgreeWithThePairs() {
        Random random = new Random(7);
        for (String expression : expressions(random, 40)) {
            Mask mask = MaskGrammar.parseMask("mask", expression);
            for (int trial = 0; trial < 60; trial++) {
                int n = 1 + random.nextInt(70);
                boolean causal = random.nextBoolean();
                int i0 = random.nextInt(n);
                int i1 = i0 + 1 + random.nextInt(n - i0);
                int j0 = random.nextInt(n);
                int j1 = j0 + 1 + random.nextInt(n - j0);
                TileKind kind = mask.tile(i0, i1, j0, j1, n, causal);
                for (int i = i0; i < i1; i++) {
                    for (int j = j0; j < j1; j++) {
                        boolean allowed = mask.allows(i, j, n, causal);
                        if (kind == TileKind.FULL && !allowed || kind == TileKind.EMPTY && allowed) {
                            throw new AssertionError(expression + ": tile " + kind + " but allows(" + i + ", " + j + ") = " + allowed);
                        }
                    }
                }
            }
        }
    }

    @Test
    void theBlockMapHoldsExactlyTheCoveredPairs() {
        Random random = new Random(8);
        for (String expression : expressions(random, 15)) {
            Mask mask = MaskGrammar.parseMask("mask", expression);
            for (int n : new int[] {1, 31, 67}) {
                for (boolean causal : new boolean[] {false, true}) {
                    for (int block : new int[] {8, 16, 64}) {
                        BlockMap map = BlockMap.build(mask, n, causal, block);
                        long covered = 0;
                        for (int i = 0; i < n; i++) {
                            for (int j = 0; j < n; j++) {
                                covered += mask.covers(i, j, n, causal) ? 1 : 0;
                            }
                        }
                        String at = expression + " n=" + n + " causal=" + causal + " block=" + block;
                        assertEquals(covered, map.coveredPairs(), at);
                        assertTrue(map.computedPairs() >= covered && map.tiles() <= map.denseTiles(), at);
                    }
                }
            }
        }
    }
}
