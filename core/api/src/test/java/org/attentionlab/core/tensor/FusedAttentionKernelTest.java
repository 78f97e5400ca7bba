package org.attentionlab.core.tensor;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The register-fused kernel's exponential (its scalar twin, step for step) and its packing. */
class FusedAttentionKernelTest {

    /**
     * 2^y against {@code Math.pow} over everything the kernel feeds it: from the cut-off at -126.5 up to
     * TAU (a score at most TAU above its query's reference), on a dense sweep.
     */
    @Test
    void exp2IsWithin2e7OfPowOverTheSoftmaxRange() {
        double worst = 0;
        for (float y = -126f; y <= FusedAttentionKernel.TAU; y += 1.0e-4f * (1 + Math.abs(y))) {
            double exact = Math.pow(2, y);
            worst = Math.max(worst, Math.abs(FusedAttentionKernel.exp2(y) - exact) / exact);
        }
        for (float y = -1f; y <= 1f; y = Math.nextUp(y + 3e-6f)) {
            double exact = Math.pow(2, y);
            worst = Math.max(worst, Math.abs(FusedAttentionKernel.exp2(y) - exact) / exact);
        }
        assertTrue(worst <= 2e-7, "max relative error " + worst);
    }

    @Test
    void hiddenPairsAndTheFarTailWeighExactlyZeroAndNaNStaysNaN() {
        for (float y : new float[] {FusedAttentionKernel.HIDDEN, FusedAttentionKernel.HIDDEN - 5f, -127f, -126.6f, -1e7f,
            -3e6f, -Float.MAX_VALUE}) {
            assertEquals(0f, FusedAttentionKernel.exp2(y), "y=" + y);
        }
        assertEquals(0x1p-126f, FusedAttentionKernel.exp2(-126f), 0x1p-126f * 2e-7);
        assertEquals(1f, FusedAttentionKernel.exp2(0f));
        assertEquals(256f, FusedAttentionKernel.exp2(8f), 256f * 2e-7);
        assertTrue(Float.isNaN(FusedAttentionKernel.exp2(Float.NaN)));
    }

    @Test
    void packingPutsAKeysFeaturesOneTileWidthApartAndZeroesThePadding() {
        for (FusedAttentionKernel shape : new FusedAttentionKernel[] {FusedAttentionKernel.wide(), FusedAttentionKernel.narrow()}) {
            int n = 2 * shape.tileKeys() + 1;
            int d = 3;
            float[] x = new float[n * d];
            for (int i = 0; i < x.length; i++) {
                x[i] = i + 1;
            }
            float[] packed = new float[(int) shape.packedLength(n, d)];
            assertEquals(3 * shape.tileKeys() * d, packed.length);
            java.util.Arrays.fill(packed, Float.NaN);
            shape.pack(x, n, d, packed);
            int keys = shape.tileKeys();
            for (int j = 0; j < 3 * keys; j++) {
                for (int c = 0; c < d; c++) {
                    float expected = j < n ? x[j * d + c] : 0f;
                    assertEquals(expected, packed[((j / keys) * d + c) * keys + j % keys], shape + " key " + j + " feature " + c);
                }
            }
        }
    }

    /**
     * AVX-512's gathers and scatters (PanelMoves512, whatever this machine's width: the Vector API emulates them
     * where they are not native) against the layouts they stand for, element by element: queries transposed and
     * scaled, the output divided by each row's sum (0 where it is 0), K packed in 4-key tiles.
     */
    @Test
    void theGatherAndScatterMovesWriteTheScalarLayouts() {
        java.util.Random random = new java.util.Random(4);
        for (int d : new int[] {32, 64, 816}) {
            int n = 70;
            float[] q = new float[n * d];
            for (int i = 0; i < q.length; i++) {
                q[i] = (float) random.nextGaussian();
            }
            float factor = 0.3f;
            float[] qt = new float[32 * d];
            PanelMoves512.packQueries(q, 5, d, factor, qt);
            for (int r = 0; r < 32; r++) {
                for (int c = 0; c < d; c++) {
                    assertEquals(q[(5 + r) * d + c] * factor, qt[c * 32 + r], "d=" + d + " r=" + r + " c=" + c);
                }
            }
            float[] state = new float[96];
            for (int r = 0; r < 32; r++) {
                state[32 + r] = r == 7 ? 0f : 1f + r;
            }
            float[] o = new float[n * d];
            java.util.Arrays.fill(o, Float.NaN);
            PanelMoves512.finish(state, 32, qt, d, o, 3 * d);
            for (int r = 0; r < 32; r++) {
                for (int c = 0; c < d; c++) {
                    float expected = qt[c * 32 + r] * (r == 7 ? 0f : 1f / (1f + r));   // as the scalar finish: times an inverse of 0
                    assertEquals(expected, o[(3 + r) * d + c], "d=" + d + " r=" + r + " c=" + c);
                }
            }
            assertTrue(Float.isNaN(o[3 * d - 1]) && Float.isNaN(o[35 * d]), "nothing outside the panel's rows is written");
            float[] packed = new float[n / 4 * 4 * d];
            PanelMoves512.packTiles(q, n / 4, d, packed);
            for (int j = 0; j < n / 4 * 4; j++) {
                for (int c = 0; c < d; c++) {
                    assertEquals(q[j * d + c], packed[((j / 4) * d + c) * 4 + j % 4], "d=" + d + " j=" + j + " c=" + c);
                }
            }
        }
    }
}
