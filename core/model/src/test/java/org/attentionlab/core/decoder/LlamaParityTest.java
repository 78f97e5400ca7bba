package org.attentionlab.core.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;

import org.attentionlab.core.reference.OnnxDecoderReference;
import org.attentionlab.core.testing.Agreement;
import org.attentionlab.core.testing.LlamaOnnx;
import org.attentionlab.core.testing.SoftmaxOracleAttention;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LlamaParityTest {

    @ParameterizedTest(name = "n = {0}")
    @ValueSource(ints = {64, 512})
    void tinyLlamaMatchesOnnxRuntime(int n) {
        LlamaOnnx.Options o = LlamaOnnx.Options.tiny();
        LlamaOnnx.Built built = LlamaOnnx.write(o);
        DecoderWeights w = DecoderGraphReader.read(built.onnx(), "tiny-llama");
        assertEquals(ModelArchitecture.LLAMA, w.config().architecture());
        assertEquals(2, w.config().kvHeads());
        CausalDecoder decoder = new CausalDecoder(w, Collections.nCopies(w.config().layers(), new SoftmaxOracleAttention()));
        int[] ids = Gpt2ParityTest.ids(n, o.vocab(), 1);
        float[] java = decoder.logits(ids);
        try (OnnxDecoderReference ref = new OnnxDecoderReference(built.onnx(), 1)) {
            float[] ort = ref.logits(ids);
            Agreement a = Agreement.of(java, ort, n, o.vocab(), null);
            System.out.println("[parity] llama n=" + n + " " + a);
            assertTrue(a.minCosine() >= 0.99999 && a.maxAbsDiff() <= 1e-3, a.toString());
        }
    }
}
