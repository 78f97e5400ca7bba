package org.attentionlab.core.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.util.Collections;

import org.attentionlab.core.decoder.synthetic.SyntheticGpt2;
import org.attentionlab.core.model.ModelSource;
import org.attentionlab.core.reference.OnnxDecoderReference;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.testing.Agreement;
import org.attentionlab.core.testing.SoftmaxOracleAttention;
import org.attentionlab.core.text.Corpus;
import ai.djl.huggingface.tokenizers.HuggingFaceTokenizer;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The quickstart's synthetic GPT-2: written once, read back as GPT-2, its tokenizer loads, Java matches ONNX Runtime at n = 512. */
class SyntheticGpt2Test {

    @Test
    void writtenOnceReadAsGpt2AndMatchesOnnxRuntimeAt512(@TempDir Path cache) throws Exception {
        ModelSource source = ModelSource.syntheticGpt2(cache);
        SyntheticGpt2.Written files = SyntheticGpt2.ensure(cache);
        FileTime written = Files.getLastModifiedTime(files.onnx());
        assertEquals(written, Files.getLastModifiedTime(SyntheticGpt2.ensure(cache).onnx()), "the second use reuses the files");
        assertEquals(ModelArchitecture.GPT2, source.architecture());
        DecoderWeights w = source.decoderWeights();
        DecoderConfig c = w.config();
        assertEquals(4, c.layers());
        assertEquals(SyntheticGpt2.VOCAB, c.vocab());
        assertTrue(c.tiedLmHead() && c.hasPast());
        System.setProperty("OPT_OUT_TRACKING", "true");
        System.setProperty("offline", "true");
        try (HuggingFaceTokenizer tokenizer = HuggingFaceTokenizer.newInstance(files.tokenizer(), Map.of("addSpecialTokens", "false"))) {
            String text = " the European Parliament";
            long[] ids = tokenizer.encode(text, false, false).getIds();
            assertTrue(ids.length < text.length(), "merges were learned: " + ids.length + " tokens");
            assertEquals(text, tokenizer.decode(ids));
            assertEquals(SyntheticGpt2.VOCAB - 1, tokenizer.encode(org.attentionlab.core.decoder.synthetic.ByteLevelBpe.END_OF_TEXT, false, false).getIds()[0]);
            int n = 512;
            int[] doc = new int[n];
            int filled = 0;
            for (String line : Corpus.europarlEnglish().lines()) {
                for (long id : tokenizer.encode(line, false, false).getIds()) {
                    if (filled < n) {
                        assertTrue(id >= 0 && id < SyntheticGpt2.VOCAB, "id " + id);
                        doc[filled++] = (int) id;
                    }
                }
                if (filled == n) {
                    break;
                }
            }
            int before = Parallel.threads();
            Parallel.setThreads(2);
            try (OnnxDecoderReference ref = new OnnxDecoderReference(source.onnxBytes(), 2)) {
                CausalDecoder decoder = new CausalDecoder(w, Collections.nCopies(c.layers(), new SoftmaxOracleAttention()));
                Agreement a = Agreement.of(decoder.logits(doc), ref.logits(doc), n, c.vocab(), null);
                System.out.println("[parity] synthetic-gpt2 n=512 " + a);
                assertTrue(a.minCosine() >= 0.99999 && a.maxAbsDiff() <= 1e-3, a.toString());
            } finally {
                Parallel.setThreads(before);
            }
        }
    }
}
