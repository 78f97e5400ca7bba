package org.attentionlab.core.decoder;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;

import org.attentionlab.core.decoder.synthetic.Gpt2Export;
import org.attentionlab.core.model.ModelLoadException;
import org.attentionlab.core.model.ModelSource;
import org.attentionlab.core.model.PositionExtension;
import org.attentionlab.core.model.PositionMethod;
import org.attentionlab.core.model.RopeInterpolation;
import org.attentionlab.core.reference.OnnxDecoderReference;
import org.attentionlab.core.testing.Agreement;
import org.attentionlab.core.testing.LlamaOnnx;
import org.attentionlab.core.testing.SoftmaxOracleAttention;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Past the trained length: GPT-2's learned table stretched, RoPE positions interpolated; Java and ONNX Runtime run one model. */
class LongContextTest {

    private static ModelSource files(Path dir, byte[] onnx) throws Exception {
        Path model = dir.resolve("model.onnx");
        Path tokenizer = dir.resolve("tokenizer.json");
        Files.write(model, onnx);
        Files.writeString(tokenizer, "{}");
        return ModelSource.files(model, tokenizer);
    }

    private static Agreement parity(ModelSource source, int n) {
        DecoderWeights w = source.decoderWeights();
        CausalDecoder decoder = new CausalDecoder(w, Collections.nCopies(w.config().layers(), new SoftmaxOracleAttention()));
        int[] ids = Gpt2ParityTest.ids(n, w.config().vocab(), 9);
        try (OnnxDecoderReference ref = new OnnxDecoderReference(source.onnxBytes(), 1)) {
            return Agreement.of(decoder.logits(ids), ref.logits(ids), n, w.config().vocab(), null);
        }
    }

    @Test
    void ropeInterpolationScalesPositionsByTrainedOverExtendedOnBothSides(@TempDir Path dir) throws Exception {
        byte[] onnx = LlamaOnnx.write(LlamaOnnx.Options.tiny().withPast(true)).onnx();
        ModelSource source = files(dir, onnx);
        ModelSource stretched = source.withRopeInterpolation(64, 256, dir.resolve("cache"));
        assertEquals(64, stretched.positions().sourceRows());
        assertEquals(PositionMethod.INTERPOLATE, stretched.positions().method());
        assertEquals(256, stretched.positions().extendTo());
        float factor = RopeInterpolation.factor(64, 256);
        DecoderWeights original = source.decoderWeights();
        DecoderWeights interpolated = stretched.decoderWeights();
        assertArrayEquals(original.withRopePositionScale(factor).rope().invFreq(), interpolated.rope().invFreq());
        Agreement a = parity(stretched, 200);
        System.out.println("[parity] llama rope-interpolated 64 -> 256 at n=200: " + a);
        assertTrue(a.minCosine() >= 0.99999 && a.maxAbsDiff() <= 1e-3, a.toString());
        assertTrue(source.withRopeInterpolation(64, 256, dir.resolve("cache")).positions().reused());
        // kept like every extended export (issue 23): a copy changed in place is never used, but rebuilt with a notice
        java.nio.file.Path cached = stretched.positions().cachedFile();
        byte[] bytes = java.nio.file.Files.readAllBytes(cached);
        java.util.Arrays.fill(bytes, bytes.length / 2, bytes.length / 2 + 64, (byte) 0x3f);
        java.nio.file.Files.write(cached, bytes);
        var rebuilt = source.withRopeInterpolation(64, 256, dir.resolve("cache")).positions();
        assertFalse(rebuilt.reused());
        assertTrue(rebuilt.notice().startsWith("the cached extended export " + cached + " was changed since it was written (SHA-256 "),
                rebuilt.notice());
        assertEquals(stretched.positions().cachedSha256(), rebuilt.cachedSha256());
    }

    @Test
    void gpt2LearnedTableExtendsAsEncodersDo(@TempDir Path dir) throws Exception {
        ModelSource source = files(dir, Gpt2Export.write(Gpt2Export.Options.tiny().withPast(true)).onnx());
        ModelSource stretched = source.withPositions(new PositionExtension(PositionMethod.INTERPOLATE, 256), dir.resolve("cache"));
        assertEquals(256, stretched.decoderWeights().config().maxPositions());
        Agreement a = parity(stretched, 200);
        System.out.println("[parity] gpt2 table interpolated 128 -> 256 at n=200: " + a);
        assertTrue(a.minCosine() >= 0.99999 && a.maxAbsDiff() <= 1e-3, a.toString());
    }

    @Test
    void interpolatingAGpt2AsRopeIsRefusedInOneLine(@TempDir Path dir) throws Exception {
        ModelSource source = files(dir, Gpt2Export.write(Gpt2Export.Options.tiny()).onnx());
        ModelLoadException e = assertThrows(ModelLoadException.class, () -> source.withRopeInterpolation(64, 256, dir.resolve("cache")));
        assertTrue(e.getMessage().startsWith("positions.trainedLength applies to RoPE models; "), e.getMessage());
    }
}
