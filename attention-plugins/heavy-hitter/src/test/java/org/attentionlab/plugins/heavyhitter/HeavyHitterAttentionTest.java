package org.attentionlab.plugins.heavyhitter;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.plugin.InvalidParamsException;
import org.attentionlab.core.tensor.HeadLayout;
import org.attentionlab.core.testing.TestHeads;
import org.junit.jupiter.api.Test;

/** Heavy-hitter eviction against the list-based oracle, in the forward and while decoding, and on a hand-built case. */
class HeavyHitterAttentionTest {

    private final HeavyHitterFactory factory = new HeavyHitterFactory();

    @Test
    void forwardAndDecodingHoldWhatTheOracleHoldsWithGroupedQueryHeads() {
        int heads = 4;
        int kvHeads = 2;
        int group = heads / kvHeads;
        int n = 60;
        int d = 8;
        int recent = 4;
        int heavy = 3;
        Random random = new Random(18);
        float[][] q = TestHeads.gaussian(random, heads, n, d);
        float[][] kv = TestHeads.gaussian(random, kvHeads, n, d);
        float[][] vv = TestHeads.gaussian(random, kvHeads, n, d);
        float[][] k = HeadLayout.perQueryHead(kv, heads);
        float[][] v = HeadLayout.perQueryHead(vv, heads);
        H2OOracle.Result oracle = H2OOracle.run(q, k, v, n, d, null, group, recent, heavy);
        HeavyHitterAttention attention = (HeavyHitterAttention) factory.create(Map.of("recent", recent, "heavy", heavy));
        AttentionInput all = new AttentionInput(q, k, v, n, d, null, true);
        assertEquals(group, HeavyHitterAttention.groupOf(all));
        float[][] forward = new float[heads][n * d];
        attention.forward(all, forward);
        for (int h = 0; h < heads; h++) {
            assertTrue(TestHeads.maxAbsDiff(oracle.out()[h], forward[h]) < 2e-5, "forward head " + h);
        }

        int prompt = 20;
        HeavyHitterDecodeState state = (HeavyHitterDecodeState) attention.startDecode(new DecodeShape(heads, kvHeads, d, n));
        float[][] prefill = new float[heads][prompt * d];
        state.prefill(new AttentionInput(q, k, v, prompt, d, null, true), prefill);
        for (int g = 0; g < kvHeads; g++) {
            assertArrayEquals(positions(oracle, g, prompt - 1), state.heldPositions(g), "after the prompt, kv head " + g);
        }
        float[][] out = new float[heads][d];
        for (int t = prompt; t < n; t++) {
            float[][] qt = new float[heads][];
            for (int h = 0; h < heads; h++) {
                qt[h] = Arrays.copyOfRange(q[h], t * d, (t + 1) * d);
            }
            float[][] kt = {Arrays.copyOfRange(kv[0], t * d, (t + 1) * d), Arrays.copyOfRange(kv[1], t * d, (t + 1) * d)};
            float[][] vt = {Arrays.copyOfRange(vv[0], t * d, (t + 1) * d), Arrays.copyOfRange(vv[1], t * d, (t + 1) * d)};
            state.step(qt, kt, vt, out);
            for (int g = 0; g < kvHeads; g++) {
                assertArrayEquals(positions(oracle, g, t), state.heldPositions(g), "step " + t + ", kv head " + g);
            }
            for (int h = 0; h < heads; h++) {
                for (int c = 0; c < d; c++) {
                    assertEquals(forward[h][t * d + c], out[h][c], 1e-5, "step " + t + " head " + h);
                }
            }
            assertEquals(recent + heavy, state.keysHeld());
            assertEquals(2L * kvHeads * (recent + heavy) * d * Float.BYTES, state.cacheBytes());
        }
    }

    /** Every query looks at key 0 (its key aligned with all queries, the others near zero): key 0 is the heavy hitter and is never evicted. */
    @Test
    void aKeyEveryQueryAttendsToStaysWhileOlderOrdinaryKeysLeave() {
        int d = 4;
        int n = 10;
        float[][] q = new float[1][n * d];
        float[][] k = new float[1][n * d];
        float[][] v = new float[1][n * d];
        Random random = new Random(2);
        for (int t = 0; t < n; t++) {
            q[0][t * d] = 1f;
            for (int c = 0; c < d; c++) {
                k[0][t * d + c] = t == 0 ? (c == 0 ? 10f : 0f) : 0.01f * (float) random.nextGaussian();
                v[0][t * d + c] = (float) random.nextGaussian();
            }
        }
        HeavyHitterDecodeState state = (HeavyHitterDecodeState) factory.create(Map.of("recent", 2, "heavy", 1))
                .startDecode(new DecodeShape(1, 1, d, n));
        state.prefill(new AttentionInput(q, k, v, n, d, null, true), new float[1][n * d]);
        assertArrayEquals(new int[] {0, 8, 9}, state.heldPositions(0));
        assertArrayEquals(new int[] {0, 8, 9}, positions(H2OOracle.run(q, k, v, n, d, null, 1, 2, 1), 0, n - 1));
    }

    @Test
    void anEncoderIsRefusedAndParametersAreChecked() {
        var attention = factory.create(Map.of());
        float[][] x = new float[1][4];
        var e = assertThrows(UnsupportedOperationException.class,
                () -> attention.forward(new AttentionInput(x, x, x, 1, 4, null, false), new float[1][4]));
        assertEquals("heavy-hitter needs causal attention: its cache is defined by the order tokens arrive", e.getMessage());
        assertEquals(Map.of("recent", 64, "heavy", 64), factory.resolveParams(Map.of()));
        assertThrows(InvalidParamsException.class, () -> factory.resolveParams(Map.of("recent", 0)));
    }

    private static int[] positions(H2OOracle.Result oracle, int g, int t) {
        return oracle.held().get(g).get(t).stream().mapToInt(Integer::intValue).toArray();
    }
}
