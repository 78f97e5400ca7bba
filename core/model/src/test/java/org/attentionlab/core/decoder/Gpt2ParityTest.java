package org.attentionlab.core.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;
import java.util.Random;

import org.attentionlab.core.decoder.synthetic.Gpt2Export;
import org.attentionlab.core.reference.OnnxDecoderReference;
import org.attentionlab.core.testing.Agreement;
import org.attentionlab.core.testing.SoftmaxOracleAttention;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Gpt2ParityTest {

    static int[] ids(int n, int vocab, long seed) {
        Random r = new Random(seed);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.nextInt(vocab);
        }
        return ids;
    }

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {64, 512})
    void tinyGpt2MatchesOnnxRuntime(int n) {
        Gpt2Export.Options o = Gpt2Export.Options.tiny().withSizes(2, 4, 32, 96, 512).withLayout(false, false, Gpt2Export.Conv1d.MATMUL, false);
        Gpt2Export.Built built = Gpt2Export.write(o);
        DecoderWeights w = DecoderGraphReader.read(built.onnx(), "tiny-gpt2");
        assertEquals(ModelArchitecture.GPT2, w.config().architecture());
        CausalDecoder decoder = new CausalDecoder(w, Collections.nCopies(w.config().layers(), new SoftmaxOracleAttention()));
        int[] ids = ids(n, o.vocab(), 1);
        float[] java = decoder.logits(ids);
        try (OnnxDecoderReference ref = new OnnxDecoderReference(built.onnx(), 1)) {
            float[] ort = ref.logits(ids);
            Agreement a = Agreement.of(java, ort, n, o.vocab(), null);
            System.out.println("[parity] gpt2 n=" + n + " " + a);
            assertTrue(a.minCosine() >= 0.99999 && a.maxAbsDiff() <= 1e-3, a.toString());
        }
    }
}
