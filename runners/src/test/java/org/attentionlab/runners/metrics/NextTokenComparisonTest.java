package org.attentionlab.runners.metrics;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class NextTokenComparisonTest {

    private static final float LN3 = (float) Math.log(3);

    /**
     * Vocabulary of 2, document [0, 1, 0]: rows 0 and 1 predict ids 1 and 0; row 2 predicts past the document.
     * Row 0: variant (1/2, 1/2), reference (3/4, 1/4). Row 1: variant (1/4, 3/4), reference (1/2, 1/2).
     */
    private static NextTokenComparison handExample() {
        float[] variant = {0, 0, 0, LN3, 9, 9};
        float[] reference = {LN3, 0, 0, 0, 0, 0};
        return NextTokenComparison.ofPredictedPositions(variant, reference, 2, new int[] {0, 1, 0});
    }

    @Test
    void negativeLogLikelihoodIsTakenOnTheNextToken() {
        NextTokenComparison c = handExample();
        // variant: -ln(1/2) for id 1 at row 0, -ln(1/4) for id 0 at row 1; the reference the other way round
        assertEquals((Math.log(2) + Math.log(4)) / 2, c.nllMean(), 1e-7);
        assertEquals((Math.log(4) + Math.log(2)) / 2, c.referenceNllMean(), 1e-7);
        assertEquals(Math.pow(2, 1.5), Math.exp(c.nllMean()), 1e-6); // the perplexity
    }

    @Test
    void klIsReferenceAgainstVariantInNats() {
        NextTokenComparison c = handExample();
        double row0 = 0.75 * Math.log(0.75 / 0.5) + 0.25 * Math.log(0.25 / 0.5);
        double row1 = 0.5 * Math.log(0.5 / 0.25) + 0.5 * Math.log(0.5 / 0.75);
        assertArrayEquals(new double[] {row0, row1}, c.kl(), 1e-7);
        assertEquals((row0 + row1) / 2, c.klMean(), 1e-7);
        double lo = Math.min(row0, row1);
        double hi = Math.max(row0, row1);
        assertEquals(lo + 0.95 * (hi - lo), c.klP95(), 1e-7);
    }

    @Test
    void topOneAgreementBreaksTiesTowardsTheLowestId() {
        // row 0: both argmax 0 (the variant by the tie); row 1: variant 1, reference 0 (by the tie)
        assertEquals(0.5, handExample().top1Agreement());
    }

    @Test
    void logitErrorIgnoresTheRowPastTheDocument() {
        // row 2 differs by 9 but predicts no token of the document
        assertEquals(LN3, handExample().maxAbsLogitError(), 1e-6);
    }

    @Test
    void identicalLogitsAgreeExactly() {
        float[] logits = {1, -2, 0.5f, 3, 3, 0};
        NextTokenComparison c = new NextTokenComparison(logits, logits.clone(), 3, new int[] {2, -1});
        assertEquals(0.0, c.klMean());
        assertEquals(0.0, c.klP95());
        assertEquals(1.0, c.top1Agreement());
        assertEquals(0.0, c.maxAbsLogitError());
        assertEquals(c.nllMean(), c.referenceNllMean());
    }

    @Test
    void bucketsSplitThePositionsIntoSixteenEqualShares() {
        double[] values = new double[32];
        for (int i = 0; i < 32; i++) {
            values[i] = i;
        }
        double[] b = NextTokenComparison.buckets(values);
        assertEquals(16, b.length);
        for (int k = 0; k < 16; k++) {
            assertEquals(2 * k + 0.5, b[k], 1e-12); // positions 2k and 2k+1
        }
        double[] few = NextTokenComparison.buckets(new double[] {1, 2, 3, 4, 5, 6, 7, 8});
        assertEquals(1.0, few[0]);
        assertTrue(Double.isNaN(few[1]), "no position falls in bucket 1 of 8 positions");
        assertEquals(8.0, few[14]);
    }

    @Test
    void aTargetOutsideTheVocabularyIsRefused() {
        float[] logits = {0, 0};
        assertThrows(IllegalArgumentException.class, () -> new NextTokenComparison(logits, logits, 2, new int[] {2}));
    }
}
