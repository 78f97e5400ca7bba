package org.attentionlab.core.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.testing.SoftmaxOracleAttention;
import org.attentionlab.core.testing.TinyBertOnnx;
import org.junit.jupiter.api.Test;

/** The encoder's plumbing on the tiny export: hybrids, the observers, padding, batches, input checks. */
class BertEncoderTest {

    private static final BertWeights WEIGHTS = OnnxBertReader.read(TinyBertOnnx.build(TinyBertOnnx.Variant.fused()).bytes(), "tiny");
    private static final int H = TinyBertOnnx.HIDDEN;

    /** Delegates to the oracle and records which layer shapes it saw. */
    private static final class Counting implements Attention {
        final Attention inner = new SoftmaxOracleAttention();
        final List<Integer> lengths = new ArrayList<>();

        @Override
        public void forward(AttentionInput in, float[][] out) {
            lengths.add(in.n());
            inner.forward(in, out);
        }

        @Override
        public AttentionCost cost(AttentionShape shape) {
            return inner.cost(shape);
        }
    }

    /** Every value is finite: NaN or infinity would make an equality check by tolerance meaningless. */
    private static void assertFinite(float[] x, String what) {
        for (int i = 0; i < x.length; i++) {
            assertTrue(Float.isFinite(x[i]), what + "[" + i + "] = " + x[i]);
        }
    }

    /** The same bits element by element (so -0 and 0, or two NaNs, count as different), and all finite. */
    private static void assertBitIdentical(float[] expected, float[] actual) {
        assertFinite(expected, "expected");
        assertEquals(expected.length, actual.length, "length");
        for (int i = 0; i < expected.length; i++) {
            assertEquals(Float.floatToRawIntBits(expected[i]), Float.floatToRawIntBits(actual[i]),
                    "element " + i + ": " + expected[i] + " vs " + actual[i]);
        }
    }

    private static double maxAbsDifference(float[] a, float[] b) {
        assertEquals(a.length, b.length, "length");
        double max = 0;
        for (int i = 0; i < a.length; i++) {
            max = Math.max(max, Math.abs((double) a[i] - b[i]));
        }
        return max;
    }

    private static BertEncoder oracleEncoder() {
        return new BertEncoder(WEIGHTS, Collections.nCopies(TinyBertOnnx.LAYERS, new SoftmaxOracleAttention()));
    }

    @Test
    void eachLayerRunsItsOwnAttention() {
        Counting first = new Counting();
        Counting second = new Counting();
        BertEncoder hybrid = new BertEncoder(WEIGHTS, List.of(first, second));
        hybrid.forward(new int[] {1, 2, 3, 4, 5}, null, null);
        hybrid.forward(new int[] {1, 2, 3}, null, null);
        assertEquals(List.of(5, 3), first.lengths);
        assertEquals(List.of(5, 3), second.lengths);
        // the same plain attention in both layers gives the same numbers as the oracle everywhere
        assertBitIdentical(oracleEncoder().forward(new int[] {1, 2, 3}, null, null), hybrid.forward(new int[] {1, 2, 3}, null, null));
    }

    @Test
    void aDifferentAttentionInOneLayerChangesTheOutput() {
        Attention uniform = new Attention() {
            @Override
            public void forward(AttentionInput in, float[][] out) {
                // mean of the values: attention with all scores equal
                for (int h = 0; h < in.heads(); h++) {
                    for (int c = 0; c < in.dHead(); c++) {
                        float mean = 0;
                        for (int j = 0; j < in.n(); j++) {
                            mean += in.v()[h][j * in.dHead() + c] / in.n();
                        }
                        for (int i = 0; i < in.n(); i++) {
                            out[h][i * in.dHead() + c] = mean;
                        }
                    }
                }
            }

            @Override
            public AttentionCost cost(AttentionShape shape) {
                return new AttentionCost(0, 0);
            }
        };
        int[] ids = {4, 8, 15, 16, 19, 2};
        float[] plain = oracleEncoder().forward(ids, null, null);
        float[] hybrid = new BertEncoder(WEIGHTS, List.of(new SoftmaxOracleAttention(), uniform)).forward(ids, null, null);
        assertFinite(plain, "plain");
        assertFinite(hybrid, "hybrid");
        // LayerNorm outputs are O(1): a real change moves some value by far more than float rounding
        assertTrue(maxAbsDifference(plain, hybrid) > 0.1, "max difference " + maxAbsDifference(plain, hybrid));
    }

    @Test
    void observerSeesEveryLayerAndTheFinalState() {
        BertEncoder encoder = oracleEncoder();
        int[] ids = {3, 1, 4, 1, 5, 9, 2};
        List<String> events = new ArrayList<>();
        float[][] lastLayer = new float[1][];
        float[] out = encoder.forward(ids, null, null, new LayerObserver() {
            @Override
            public void attentionInput(int layer, AttentionInput input) {
                events.add("attention " + layer + " n=" + input.n() + " heads=" + input.heads() + " d=" + input.dHead());
            }

            @Override
            public void layerOutput(int layer, float[] hidden, int n) {
                events.add("output " + layer + " n=" + n);
                lastLayer[0] = Arrays.copyOf(hidden, n * H);
            }
        });
        assertEquals(List.of("attention 0 n=7 heads=2 d=4", "output 0 n=7", "attention 1 n=7 heads=2 d=4", "output 1 n=7"), events);
        assertBitIdentical(out, lastLayer[0]);
        assertBitIdentical(out, encoder.forward(ids, null, null));
    }

    @Test
    void stageObserverSeesEveryStageInOrderAndChangesNoBit() {
        BertEncoder encoder = oracleEncoder();
        int[] ids = {3, 1, 4, 1, 5, 9, 2};
        int[] types = {0, 0, 0, 1, 1, 1, 1};
        boolean[] mask = {true, true, true, true, true, false, false};
        float[] plain = encoder.forward(ids, types, mask);
        List<String> seen = new ArrayList<>();
        float[] observed = encoder.forward(ids, types, mask, null, new StageObserver() {
            @Override
            public void forwardStarted(int n) {
                seen.add("start n=" + n);
            }

            @Override
            public void stageEnded(EncoderStage stage, int layer) {
                seen.add(stage + " " + layer);
            }
        });
        List<String> expected = new ArrayList<>(List.of("start n=7", "EMBED -1"));
        for (int layer = 0; layer < TinyBertOnnx.LAYERS; layer++) {
            for (String stage : List.of("QKV_LINEAR", "SPLIT_HEADS", "ATTENTION", "MERGE_HEADS", "OUT_LINEAR", "ATTENTION_ADD_NORM",
                    "FFN_UP_LINEAR", "GELU", "FFN_DOWN_LINEAR", "OUTPUT_ADD_NORM")) {
                expected.add(stage + " " + layer);
            }
        }
        expected.add("COPY_OUT -1");
        assertEquals(expected, seen);
        assertBitIdentical(plain, observed);
        // both observers at once: the layer observer's events interleave, the numbers still do not move
        List<String> both = new ArrayList<>();
        float[] twice = encoder.forward(ids, types, mask, new LayerObserver() {
            @Override
            public void layerOutput(int layer, float[] hidden, int n) {
                both.add("output " + layer);
            }
        }, (stage, layer) -> both.add(stage + " " + layer));
        assertEquals("OUTPUT_ADD_NORM 0", both.get(both.indexOf("output 0") - 1));
        assertEquals(expected.size() - 1 + TinyBertOnnx.LAYERS, both.size());
        assertBitIdentical(plain, twice);
    }

    @Test
    void everyStageButEmbedAndCopyOutRunsPerLayer() {
        List<EncoderStage> once = new ArrayList<>();
        for (EncoderStage stage : EncoderStage.values()) {
            if (!stage.perLayer()) {
                once.add(stage);
            }
        }
        assertEquals(List.of(EncoderStage.EMBED, EncoderStage.COPY_OUT), once);
    }

    @Test
    void paddedKeysGetNoWeight() {
        BertEncoder encoder = oracleEncoder();
        int[] ids = {7, 3, 9, 12, 5};
        float[] alone = encoder.forward(ids, null, null);
        int[] padded = Arrays.copyOf(ids, 9);
        Arrays.fill(padded, ids.length, padded.length, 0);
        boolean[] mask = new boolean[9];
        Arrays.fill(mask, 0, ids.length, true);
        float[] withPadding = encoder.forward(padded, null, mask);
        assertEquals(9 * H, withPadding.length);
        assertFinite(withPadding, "with padding");
        assertTrue(maxAbsDifference(alone, Arrays.copyOf(withPadding, ids.length * H)) <= 1e-6,
                "max difference " + maxAbsDifference(alone, Arrays.copyOf(withPadding, ids.length * H)));
        // without the mask the padding is attended to and the real tokens change
        float[] unmasked = encoder.forward(padded, null, null);
        assertFinite(unmasked, "unmasked");
        assertTrue(maxAbsDifference(alone, Arrays.copyOf(unmasked, ids.length * H)) > 0.1,
                "max difference " + maxAbsDifference(alone, Arrays.copyOf(unmasked, ids.length * H)));
    }

    @Test
    void batchRowsMayHaveDifferentLengths() {
        BertEncoder encoder = oracleEncoder();
        int[][] ids = {{1, 2, 3}, {4, 5, 6, 7, 8, 9}};
        int[][] types = {{0, 0, 1}, null};
        float[][] out = encoder.forwardBatch(ids, types, null);
        assertBitIdentical(encoder.forward(ids[0], types[0], null), out[0]);
        assertBitIdentical(encoder.forward(ids[1], null, null), out[1]);
        assertEquals(6 * H, out[1].length);
    }

    @Test
    void returnsAFreshArrayEachTime() {
        BertEncoder encoder = oracleEncoder();
        float[] a = encoder.forward(new int[] {1, 2}, null, null);
        float[] b = encoder.forward(new int[] {1, 2}, null, null);
        assertBitIdentical(a, b);
        b[0] = 99f;
        assertNotEquals(99f, encoder.forward(new int[] {1, 2}, null, null)[0]);
    }

    @Test
    void refusesBadInputs() {
        BertEncoder encoder = oracleEncoder();
        assertEquals("the model has 2 layers but 1 attentions were given (one per layer)",
                assertThrows(IllegalArgumentException.class, () -> new BertEncoder(WEIGHTS, List.of(new SoftmaxOracleAttention()))).getMessage());
        assertEquals("token id 20 at position 1 is outside the vocabulary of 20",
                assertThrows(IllegalArgumentException.class, () -> encoder.forward(new int[] {1, 20}, null, null)).getMessage());
        assertEquals("type id 2 at position 0 is outside 0..1",
                assertThrows(IllegalArgumentException.class, () -> encoder.forward(new int[] {1}, new int[] {2}, null)).getMessage());
        assertEquals("2 token ids but a mask of 3",
                assertThrows(IllegalArgumentException.class, () -> encoder.forward(new int[] {1, 2}, null, new boolean[3])).getMessage());
        assertEquals("context size must be >= 1, got 0",
                assertThrows(IllegalArgumentException.class, () -> encoder.forward(new int[0], null, null)).getMessage());
        assertSame(WEIGHTS.config(), encoder.config());
    }
}
