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
}
