package org.attentionlab.core.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Collections;

import org.attentionlab.core.model.ModelLoadException;
import org.attentionlab.core.model.RopeInterpolation;
import org.attentionlab.core.reference.OnnxDecoderReference;
import org.attentionlab.core.testing.Agreement;
import org.attentionlab.core.testing.LlamaOnnx;
import org.attentionlab.core.testing.SoftmaxOracleAttention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Llama exports that keep RoPE as constant cos_cached/sin_cached tables (transformers &lt; 4.38): read from the
 * tables, bounded by their rows, and refused for position interpolation.
 */
class RopeTablesTest {

    private static final int ROWS = 96;

    private static LlamaOnnx.Options options(boolean fourD) {
        return LlamaOnnx.Options.tiny().withRopeTables(ROWS, fourD);
    }

    @ParameterizedTest(name = "[1, 1, rows, dHead] tables: {0}")
    @ValueSource(booleans = {false, true})
    void groupedQueryLlamaWithRopeTablesMatchesOnnxRuntime(boolean fourD) {
        LlamaOnnx.Options o = options(fourD);
        LlamaOnnx.Built built = LlamaOnnx.write(o);
        DecoderWeights w = DecoderGraphReader.read(built.onnx(), "llama-rope-tables");
        assertEquals(ModelArchitecture.LLAMA, w.config().architecture());
        assertEquals(2, w.config().kvHeads());
        assertTrue(w.rope().fromTables());
        assertEquals(ROWS, w.config().maxPositions());
        assertEquals("model.layers.0.self_attn.rotary_emb.cos_cached", w.sources().get("rope.cos_table"));
        assertEquals(10000, w.config().ropeTheta(), 1);
        CausalDecoder decoder = new CausalDecoder(w, Collections.nCopies(w.config().layers(), new SoftmaxOracleAttention()));
        int n = 64;
        int[] ids = Gpt2ParityTest.ids(n, o.vocab(), 3);
        float[] java = decoder.logits(ids);
        try (OnnxDecoderReference ref = new OnnxDecoderReference(built.onnx(), 1)) {
            Agreement a = Agreement.of(java, ref.logits(ids), n, o.vocab(), null);
            System.out.println("[parity] llama rope tables " + (fourD ? "4d" : "2d") + " n=" + n + " " + a);
            assertTrue(a.minCosine() >= 0.99999 && a.maxAbsDiff() <= 1e-3, a.toString());
        }
    }

    @Test
    void theRotationIsTheTablesNotTheirFrequencies() {
        // a table export read with its inv_freq twin's weights: same seed, so only the rope differs; zeroing the
        // sin table must change the logits (the tables are what rotates), and the twin must agree with the tables
        LlamaOnnx.Built tables = LlamaOnnx.write(options(false));
        LlamaOnnx.Built freqs = LlamaOnnx.write(LlamaOnnx.Options.tiny());
        DecoderWeights wt = DecoderGraphReader.read(tables.onnx(), "tables");
        DecoderWeights wf = DecoderGraphReader.read(freqs.onnx(), "freqs");
        int[] ids = Gpt2ParityTest.ids(32, wt.config().vocab(), 9);
        float[] a = new CausalDecoder(wt, Collections.nCopies(2, new SoftmaxOracleAttention())).logits(ids);
        float[] b = new CausalDecoder(wf, Collections.nCopies(2, new SoftmaxOracleAttention())).logits(ids);
        Agreement same = Agreement.of(a, b, 32, wt.config().vocab(), null);
        assertTrue(same.maxAbsDiff() <= 1e-3, same.toString());
        DecoderWeights.Rope r = wt.rope();
        float[] noSin = new float[r.sinTable().length];
        DecoderWeights unrotated = wt.withRope(DecoderWeights.Rope.tables(r.cosTable(), noSin, r.tableRows()));
        float[] c = new CausalDecoder(unrotated, Collections.nCopies(2, new SoftmaxOracleAttention())).logits(ids);
        assertTrue(Agreement.of(a, c, 32, wt.config().vocab(), null).maxAbsDiff() > 1e-2);
    }

    @Test
    void aContextLongerThanTheTablesIsRefusedInOneLine() {
        DecoderWeights w = DecoderGraphReader.read(LlamaOnnx.write(options(false)).onnx(), "llama-rope-tables");
        CausalDecoder decoder = new CausalDecoder(w, Collections.nCopies(w.config().layers(), new SoftmaxOracleAttention()));
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> decoder.logits(new int[ROWS + 1]));
        assertEquals("context size 97 exceeds the model's 96 positions (rows of its constant rotary cos/sin tables)", e.getMessage());
        assertThrows(IllegalArgumentException.class, () -> decoder.startDecode(ROWS + 1));
    }

    @Test
    void positionInterpolationIsRefusedInOneLine() {
        byte[] onnx = LlamaOnnx.write(options(true)).onnx();
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> RopeInterpolation.rewrite(onnx, "old.onnx", 64, 256));
        assertEquals("positions: { method: interpolate } cannot rewrite old.onnx: its rotary positions are constant cos/sin tables of 96 rows "
                + "(an export of transformers < 4.38), not inverse frequencies to scale", e.getMessage());
    }
}
