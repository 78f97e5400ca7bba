package org.attentionlab.core.decoder;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.attentionlab.core.decoder.synthetic.InductionHead;
import org.attentionlab.core.reference.OnnxDecoderReference;
import org.attentionlab.core.testing.SoftmaxOracleAttention;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The induction-head decoder up to its maximum length (failsafe, profile it): with full attention, ONNX Runtime and
 * the Java decoder recall >= 0.99 of the pairs of MQAR sequences at 2048 and 4096 tokens (128 pairs, 16 queries at
 * the end, so the pairs lie up to n tokens before their query).
 */
class InductionHeadIT {

    @ParameterizedTest
    @ValueSource(ints = {2048, 4096})
    void fullAttentionRecallsAtTheLongestSizes(int n) {
        byte[] onnx = InductionHead.export();
        CausalDecoder java = new CausalDecoder(DecoderGraphReader.read(onnx, InductionHead.NAME), Collections.nCopies(2, new SoftmaxOracleAttention()));
        int ortHits = 0;
        int javaHits = 0;
        int total = 0;
        try (OnnxDecoderReference ref = new OnnxDecoderReference(onnx, 2)) {
            for (long seed = 0; seed < 2; seed++) {
                List<int[]> asked = new ArrayList<>();
                int[] ids = InductionHeadTest.recallSequence(n, 128, 16, seed, asked);
                float[] ort = ref.logits(ids);
                float[] mine = java.logits(ids);
                for (int[] a : asked) {
                    ortHits += InductionHeadTest.argmax(ort, a[0], InductionHead.VOCAB) == a[1] ? 1 : 0;
                    javaHits += InductionHeadTest.argmax(mine, a[0], InductionHead.VOCAB) == a[1] ? 1 : 0;
                    total++;
                }
            }
        }
        System.out.printf("[induction-head] n=%d recall: ONNX Runtime %d/%d, Java full %d/%d%n", n, ortHits, total, javaHits, total);
        assertTrue(ortHits >= 0.99 * total && javaHits >= 0.99 * total);
    }
}
