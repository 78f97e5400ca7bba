package org.attentionlab.runners.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class RetrievalAgreementTest {

    private static float[] unit(double angle) {
        return new float[] {(float) Math.cos(angle), (float) Math.sin(angle)};
    }

    @Test
    void sameEmbeddingsAgreeFully() {
        List<float[]> e = List.of(unit(0), unit(0.1), unit(1), unit(2), unit(3));
        assertEquals(1.0, RetrievalAgreement.agreement(e, e), 1e-12);
    }

    @Test
    void neighbourOrderChangesLowerTheAgreement() {
        // Three documents, k = min(5, 3 - 1) = 2: every other document is a neighbour, so agreement is 1
        List<float[]> ref = List.of(unit(0), unit(0.1), unit(2));
        List<float[]> var = List.of(unit(0), unit(2), unit(0.1));
        assertEquals(1.0, RetrievalAgreement.agreement(var, ref), 1e-12);
        // Seven documents, k = 5: swapping which two are far changes each top-5
        List<float[]> ref7 = List.of(unit(0), unit(0.1), unit(0.2), unit(0.3), unit(0.4), unit(3.0), unit(3.1));
        List<float[]> var7 = List.of(unit(0), unit(0.1), unit(0.2), unit(0.3), unit(3.0), unit(0.4), unit(3.1));
        double expected = 0;
        for (int i = 0; i < 7; i++) {
            var a = new java.util.HashSet<>(RetrievalAgreement.topK(var7, i, 5));
            a.retainAll(RetrievalAgreement.topK(ref7, i, 5));
            expected += a.size() / 5.0;
        }
        assertEquals(expected / 7, RetrievalAgreement.agreement(var7, ref7), 1e-12);
        assertEquals(List.of(1, 2, 3, 4, 5), RetrievalAgreement.topK(ref7, 0, 5));
        assertEquals(List.of(1, 2, 3, 5, 4), RetrievalAgreement.topK(var7, 0, 5));
    }

    @Test
    void oneDocumentHasNoNeighbours() {
        assertNull(RetrievalAgreement.agreement(List.of(unit(0)), List.of(unit(1))));
    }
}
