package org.attentionlab.core.decoder;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.attentionlab.core.decoder.synthetic.InductionHead;
import org.attentionlab.core.reference.OnnxDecoderReference;
import org.attentionlab.core.testing.Agreement;
import org.attentionlab.core.testing.SoftmaxOracleAttention;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The derived induction-head decoder, measured rather than assumed: ONNX Runtime runs the export as any GPT-2
 * export, and at every position whose token occurred before, the argmax is the token that followed its last
 * earlier occurrence (an oracle over the ids alone); the Java decoder with full attention agrees with ONNX Runtime.
 */
class InductionHeadTest {

    static byte[] onnx;

    @BeforeAll
    static void write() {
        onnx = InductionHead.export();
    }

    /** Filler 0 first, then pairs (distinct keys from [1, V/2], values from the upper half), filler 0, queries at the end. */
    static int[] recallSequence(int n, int pairs, int queries, long seed, List<int[]> asked) {
        Random r = new Random(seed);
        List<Integer> keys = new ArrayList<>();
        for (int k = 1; k <= InductionHead.VOCAB / 2; k++) {
            keys.add(k);
        }
        Collections.shuffle(keys, r);
        int[] ids = new int[n];
        int[] values = new int[pairs];
        for (int p = 0; p < pairs; p++) {
            values[p] = InductionHead.VOCAB / 2 + 1 + r.nextInt(InductionHead.VOCAB / 2 - 1);
            ids[1 + 2 * p] = keys.get(p);
            ids[2 + 2 * p] = values[p];
        }
        List<Integer> order = new ArrayList<>();
        for (int p = 0; p < pairs; p++) {
            order.add(p);
        }
        Collections.shuffle(order, r);
        for (int q = 0; q < queries; q++) {
            int position = n - queries + q;
            int p = order.get(q);
            ids[position] = keys.get(p);
            asked.add(new int[] {position, values[p]});
        }
        return ids;
    }

    static int argmax(float[] logits, int row, int vocab) {
        int best = 0;
        for (int c = 1; c < vocab; c++) {
            if (logits[row * vocab + c] > logits[row * vocab + best]) {
                best = c;
            }
        }
        return best;
    }

    /**
     * The built-in source: the export as written here and a byte-level tokenizer of exactly the model's 256 ids (id =
     * byte value, so NUL is recall's filler 0), cached and reused.
     */
    @Test
    void theBuiltInSourceWritesTheExportAndAByteTokenizerOnce(@org.junit.jupiter.api.io.TempDir java.nio.file.Path cache) throws Exception {
        org.attentionlab.core.model.ModelSource source = org.attentionlab.core.model.ModelSource.inductionHead(cache);
        assertEquals(InductionHead.NAME, source.name());
        assertTrue(java.util.Arrays.equals(onnx, source.onnxBytes()), "the export as InductionHead writes it");
        assertEquals(ModelArchitecture.GPT2, source.architecture());
        java.nio.file.Path tokenizer = java.nio.file.Path.of(source.tokenizerName());
        try (org.attentionlab.core.text.CausalTextTokenizer t = org.attentionlab.core.text.CausalTextTokenizer.fromFile(tokenizer)) {
            assertEquals(InductionHead.VOCAB - 1, t.maxId());
            assertTrue(java.util.Arrays.equals(new int[] {65, 32, 0, 0xC3, 0x82}, t.encodeWords("A \u0000\u00c2")),
                    java.util.Arrays.toString(t.encodeWords("A \u0000\u00c2")));
        }
        long written = java.nio.file.Files.getLastModifiedTime(tokenizer).toMillis();
        org.attentionlab.core.model.ModelSource.inductionHead(cache);
        assertEquals(written, java.nio.file.Files.getLastModifiedTime(tokenizer).toMillis(), "reused, not written again");
    }

    @ParameterizedTest
    @ValueSource(ints = {64, 512, 1024})
    void onnxRuntimeRecallsEveryPairOfAnMqarSequence(int n) {
        int hits = 0;
        int total = 0;
        try (OnnxDecoderReference ref = new OnnxDecoderReference(onnx, 1)) {
            for (long seed = 0; seed < 3; seed++) {
                List<int[]> asked = new ArrayList<>();
                int[] ids = recallSequence(n, Math.min(24, (n - 17) / 2), 16, seed, asked);
                float[] logits = ref.logits(ids);
                for (int[] a : asked) {
                    hits += argmax(logits, a[0], InductionHead.VOCAB) == a[1] ? 1 : 0;
                    total++;
                }
            }
        }
        assertEquals(total, hits, "recall at n=" + n);
    }

    @Test
    void itPredictsTheTokenAfterTheLastEarlierOccurrenceOnRandomText() {
        Random r = new Random(5);
        int n = 300;
        int[] ids = new int[n];
        for (int i = 1; i < n; i++) {
            ids[i] = 1 + r.nextInt(InductionHead.VOCAB - 1); // a token repeats every ~255 tokens; position 0 is filler
        }
        int checked = 0;
        try (OnnxDecoderReference ref = new OnnxDecoderReference(onnx, 1)) {
            float[] logits = ref.logits(ids);
            for (int i = 2; i < n; i++) {
                int last = -1;
                for (int j = i - 1; j >= 1; j--) {
                    if (ids[j] == ids[i]) {
                        last = j;
                        break;
                    }
                }
                // the oracle: the token after the last earlier occurrence; a direct repeat (j = i - 1) makes the
                // previous-token key of i itself match too, so those positions are left out
                if (last >= 1 && last < i - 1 && ids[last + 1] != ids[i]) {
                    assertEquals(ids[last + 1], argmax(logits, i, InductionHead.VOCAB), "position " + i);
                    checked++;
                }
            }
        }
        assertTrue(checked > 20, "only " + checked + " positions had an earlier occurrence");
    }

    @Test
    void theJavaDecoderWithFullAttentionMatchesOnnxRuntime() {
        DecoderWeights w = DecoderGraphReader.read(onnx, InductionHead.NAME);
        assertEquals(ModelArchitecture.GPT2, w.config().architecture());
        CausalDecoder decoder = new CausalDecoder(w, Collections.nCopies(2, new SoftmaxOracleAttention()));
        List<int[]> asked = new ArrayList<>();
        int[] ids = recallSequence(256, 32, 16, 9, asked);
        try (OnnxDecoderReference ref = new OnnxDecoderReference(onnx, 1)) {
            float[] java = decoder.logits(ids);
            float[] ort = ref.logits(ids);
            Agreement a = Agreement.of(java, ort, ids.length, InductionHead.VOCAB, null);
            System.out.println("[induction-head] n=256 Java full vs ONNX Runtime " + a);
            assertTrue(a.minCosine() >= 0.99999 && a.maxAbsDiff() <= 1e-3, a.toString());
        }
    }
}
