package org.attentionlab.runners.execute;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.attentionlab.core.decoder.synthetic.Gpt2Export;
import org.attentionlab.core.model.ModelSource;
import org.attentionlab.core.plugin.PluginRegistry;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The seam to core-model's decoder ({@link CausalLms}) on the tiny GPT-2 export with past, as torch.onnx.export lays it
 * out: each side's decode session gives the rows of its own whole-sequence logits, the Java side says its cache size and
 * ONNX Runtime's says it does not.
 */
class CausalLmsTest {

    @TempDir
    Path dir;

    @Test
    void eachSidesDecodeStepsAreTheRowsOfItsWholeSequenceLogits() throws Exception {
        Path onnx = Files.write(dir.resolve("gpt2-past.onnx"), Gpt2Export.write(Gpt2Export.Options.tiny().withPast(true)).onnx());
        int[] ids = {5, 17, 3, 42, 8, 60, 11};
        int prompt = 4;
        int vocab = Gpt2Export.Options.tiny().vocab();
        try (CausalLm lm = CausalLms.open(ModelSource.files(onnx, null))) {
            CausalLm.Decoder java = lm.decoder(Attentions.full(PluginRegistry.load(), lm.shape().layers()));
            CausalLm.Reference ort = lm.reference(1);
            assertTrue(ort.hasPast());
            for (CausalLm.Decoder side : new CausalLm.Decoder[] {java, ort}) {
                float[] whole = side.logits(ids);
                try (CausalLm.Session session = side.startDecode(ids.length)) {
                    assertArrayEquals(Arrays.copyOf(whole, prompt * vocab), session.prefill(Arrays.copyOf(ids, prompt)), 1e-4f);
                    long cacheAfterPrompt = session.kvCacheBytes();
                    for (int t = prompt; t < ids.length; t++) {
                        assertArrayEquals(Arrays.copyOfRange(whole, t * vocab, (t + 1) * vocab), session.step(ids[t]), 1e-4f, "step " + t);
                    }
                    if (side == ort) {
                        assertEquals(-1, session.kvCacheBytes(), "ONNX Runtime does not say its cache size");
                    } else {
                        // keys and values of every layer: 2 x layers x heads x dHead floats per token
                        long perToken = 2L * lm.shape().layers() * lm.shape().kvHeads() * lm.dHead() * Float.BYTES;
                        assertEquals(perToken * (ids.length - prompt), session.kvCacheBytes() - cacheAfterPrompt);
                    }
                }
            }
        }
    }
}
