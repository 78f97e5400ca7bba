package org.attentionlab.runners.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.stream.IntStream;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.error.UserFacingException;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.core.testing.TestHeads;
import org.attentionlab.runners.config.VariantSpec;
import org.attentionlab.runners.diagnostics.DocumentTrace;
import org.attentionlab.runners.results.GateCheck;
import org.junit.jupiter.api.Test;

/**
 * The explorer's data from synthetic traces (random Q and K, as a model would hand its attention): the maps against a
 * softmax written here, a causal trace's triangles, each kind of mask (the page's size at n = 512: ExplorerPageSizeIT).
 */
class ExplorerDataTest {

    private static final PluginRegistry PLUGINS = PluginRegistry.load();
    private static final GateCheck GATE = new GateCheck(0, 1, 0, true);

    /** A trace of random heads: what the encoder's observer records, with the causal flag a decoder would set. */
    static DocumentTrace trace(long seed, int layers, int heads, int n, int d, boolean causal) {
        Random random = new Random(seed);
        DocumentTrace trace = new DocumentTrace(layers, heads * d);
        for (int l = 0; l < layers; l++) {
            float[][] q = TestHeads.gaussian(random, heads, n, d);
            float[][] k = TestHeads.gaussian(random, heads, n, d);
            trace.attentionInput(l, new AttentionInput(q, k, new float[heads][n * d], n, d, null, causal));
        }
        return trace;
    }

    private static List<String> tokens(int n) {
        return IntStream.range(0, n).mapToObj(i -> "t" + i).toList();
    }

    static ExplorerData data(DocumentTrace trace, VariantSpec... variants) {
        return AttentionExplorer.of("synthetic", "random heads", "none", new ExplainTarget(0, trace.n(), List.of(variants)), trace,
                tokens(trace.n()), GATE, PLUGINS);
    }

    private static VariantSpec masked(String label, String mask) {
        return new VariantSpec("masked", label, Map.of("mask", mask), null);
    }

    /** Softmax of q_i . k_j / sqrt(d) over the visible keys, written out here as the oracle. */
    private static double[] softmaxRow(DocumentTrace trace, float[] q, float[] k, int i, java.util.function.IntPredicate visible) {
        int n = trace.n();
        int d = trace.dHead();
        double[] p = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            p[j] = Double.NEGATIVE_INFINITY;
            if (visible.test(j)) {
                double dot = 0;
                for (int c = 0; c < d; c++) {
                    dot += (double) q[i * d + c] * k[j * d + c];
                }
                p[j] = dot / Math.sqrt(d);
                max = Math.max(max, p[j]);
            }
        }
        double sum = 0;
        for (int j = 0; j < n; j++) {
            p[j] = p[j] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(p[j] - max);
            sum += p[j];
        }
        for (int j = 0; j < n; j++) {
            p[j] /= sum;
        }
        return p;
    }

    @Test
    void aCausalTraceGivesLowerTrianglesAndMasksCutToThem() {
        int n = 16;
        Random random = new Random(7);
        DocumentTrace trace = new DocumentTrace(2, 2 * 8);
        List<float[][]> qs = new ArrayList<>();
        List<float[][]> ks = new ArrayList<>();
        for (int l = 0; l < 2; l++) {
            qs.add(TestHeads.gaussian(random, 2, n, 8));
            ks.add(TestHeads.gaussian(random, 2, n, 8));
            trace.attentionInput(l, new AttentionInput(qs.get(l), ks.get(l), new float[2][n * 8], n, 8, null, true));
        }
        ExplorerData d = data(trace, masked("w3", "window(3)"), new VariantSpec("top-k", "top3", Map.of("k", 3), null),
                new VariantSpec("linear", "linear", Map.of(), null));
        assertTrue(d.causal());
        assertEquals(16, d.slots());
        for (int l = 0; l < 2; l++) {
            for (int h = 0; h < 2; h++) {
                for (int i = 0; i < n; i++) {
                    int row = i;
                    double[] expected = softmaxRow(trace, qs.get(l)[h], ks.get(l)[h], i, j -> j <= row);
                    for (int j = 0; j < n; j++) {
                        assertEquals(expected[j], d.weight(0, l, h, i, j), 1e-6, "reference l" + l + " h" + h + " (" + i + ", " + j + ")");
                        if (j > i) {
                            for (int m = 1; m <= 3; m++) {
                                assertEquals(0, d.weight(m, l, h, i, j), "map " + m + " above the diagonal at (" + i + ", " + j + ")");
                            }
                        }
                    }
                    double[] window = softmaxRow(trace, qs.get(l)[h], ks.get(l)[h], i, j -> j <= row && row - j <= 3);
                    for (int j = 0; j < n; j++) {
                        assertEquals(window[j], d.weight(1, l, h, i, j), 1e-5, "window(3) causal at (" + i + ", " + j + ")");
                    }
                    int layer = l;
                    int head = h;
                    long picked = IntStream.range(0, n).filter(j -> d.weight(2, layer, head, row, j) != 0).count();
                    assertEquals(Math.min(3, i + 1), picked, "top-3 picks of causal row " + i);
                }
            }
        }
        LayerMask w3 = d.variants().get(0).masks().get(0);
        assertEquals(LayerMask.PATTERN, w3.kind());
        for (int i = 0; i < n; i++) {
            assertArrayEquals(new int[] {Math.max(0, i - 3), i + 1}, w3.runs().get(i), "row " + i);
        }
        assertEquals(LayerMask.PICKS, d.variants().get(1).masks().get(0).kind());
        assertTrue(d.variants().get(1).picksKept());
        assertEquals(LayerMask.DENSE, d.variants().get(2).masks().get(0).kind());
        assertNull(d.variants().get(2).coverage().get(0), "nothing to outline, no coverage");
    }

    @Test
    void aCausalMaskOnTheEncoderPathIsTheTriangleAndAHybridKeepsFullLayers() {
        DocumentTrace trace = trace(3, 2, 2, 12, 8, false);
        ExplorerData d = data(trace, masked("causal", "causal"),
                new VariantSpec("sliding-window", "hybrid", Map.of("width", 4), List.of(1)));
        assertTrue(!d.causal());
        LayerMask causal = d.variants().get(0).masks().get(0);
        for (int i = 0; i < 12; i++) {
            assertArrayEquals(new int[] {0, i + 1}, causal.runs().get(i), "row " + i);
        }
        assertEquals(LayerMask.FULL, d.variants().get(1).masks().get(0).kind());
        assertEquals(LayerMask.PATTERN, d.variants().get(1).masks().get(1).kind());
        assertArrayEquals(new int[] {3, 8}, d.variants().get(1).masks().get(1).runs().get(5), "|i-j| <= 4/2 around 5");
        // the full layer of the hybrid is the reference itself, so it drops nothing there
        assertEquals(0, d.variants().get(1).droppedTotal().get(0), 1e-6);
        assertTrue(d.variants().get(1).droppedTotal().get(1) > 0);
        // coverage: the share of each head's reference mass inside the mask, mean over queries
        DocumentTrace t = trace;
        for (int h = 0; h < 2; h++) {
            double[] p = t.probabilities(0, h);
            double inside = 0;
            for (int i = 0; i < 12; i++) {
                for (int j = 0; j <= i; j++) {
                    inside += p[i * 12 + j];
                }
            }
            assertEquals(inside / 12, d.variants().get(0).coverage().get(0).get(h), 1e-12);
        }
    }

    @Test
    void droppedKeysAreTheReferenceMassTheVariantGaveUp() {
        DocumentTrace trace = trace(5, 1, 2, 10, 4, false);
        ExplorerData d = data(trace, masked("w1", "window(1)"));
        double[] expected = new double[10];
        for (int h = 0; h < 2; h++) {
            for (int i = 0; i < 10; i++) {
                for (int j = 0; j < 10; j++) {
                    expected[j] += Math.max(0, d.weight(0, 0, h, i, j) - d.weight(1, 0, h, i, j)) / 10;
                }
            }
        }
        List<DroppedKey> dropped = d.variants().get(0).dropped().get(0);
        assertEquals(10, dropped.size());
        for (int r = 0; r < dropped.size(); r++) {
            DroppedKey k = dropped.get(r);
            assertEquals(expected[k.key()], k.mass(), 1e-6, "key " + k.key());
            assertEquals("t" + k.key(), k.token());
            if (r > 0) {
                assertTrue(dropped.get(r - 1).mass() >= k.mass(), "largest first");
            }
        }
    }

    @Test
    void weightsReadBackWithinHalfALevelAndANonZeroWeightNeverReadsAsZero() {
        float lo = -0.02f;
        float hi = 0.9f;
        double step = ((double) hi - lo) / SparseRows.LEVELS;
        for (float w : new float[] {lo, -0.01f, 0f, 1e-7f, -1e-7f, 0.3f, 0.55555f, hi}) {
            int code = SparseRows.quantise(w, lo, hi);
            if (w != 0) {
                assertNotEquals(SparseRows.zeroCode(lo, hi), code, "w=" + w);
                assertEquals(w, SparseRows.dequantise(code, lo, hi), 1.5 * step, "w=" + w);
            } else {
                assertEquals(0, SparseRows.dequantise(code, lo, hi), step / 2, "0 reads as about 0");
            }
        }
        assertEquals(0, SparseRows.quantise(0f, 0f, 0.5f));
        assertEquals(1, SparseRows.quantise(1e-6f, 0f, 0.5f), "a tiny weight is one level, not 0");
        assertEquals(255, SparseRows.quantise(0.5f, 0f, 0.5f));
    }

    @Test
    void theFileAndThePageSayTheSameOfTheDocument() throws Exception {
        ExplorerData d = data(trace(11, 2, 2, 16, 8, true), masked("window-4", "window(4)"));
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        com.fasterxml.jackson.databind.JsonNode file = json.readTree(AttentionJson.render(d));
        com.fasterxml.jackson.databind.JsonNode page = json.valueToTree(ExplorerPage.pageData(d));
        List<String> fields = List.of("experiment", "model", "corpus", "document", "n", "causal", "layers", "heads", "tokens", "gate",
                "slots", "storage");
        List<String> fileFields = new ArrayList<>();
        file.fieldNames().forEachRemaining(fileFields::add);
        List<String> expected = new ArrayList<>(List.of("schemaVersion"));
        expected.addAll(fields);
        expected.addAll(List.of("keys", "reference", "variants"));
        assertEquals(expected, fileFields);
        for (String f : fields) {
            assertEquals(file.get(f), page.get(f), f);
        }
        assertEquals("synthetic", file.get("experiment").asText());
        assertEquals("random heads", file.get("model").asText());
        assertEquals(16, file.get("n").asInt());
        assertTrue(file.get("causal").asBoolean());
        assertEquals(tokens(16), json.convertValue(file.get("tokens"), List.class));
        assertEquals(ExplorerPage.storage(d), file.get("storage").asText());
        assertEquals(SparseRows.LEVELS, page.get("levels").asInt());
        assertEquals(file.get("variants").get(0).get("label"), page.get("variants").get(0).get("label"));
    }

    @Test
    void aPageThatWouldKeepTooFewWeightsIsRefusedSayingWhatToPass() {
        PageBudget.check(512, 6, 12, 2); // the size: fits
        UserFacingException e = assertThrows(UserFacingException.class, () -> PageBudget.check(512, 12, 12, 2));
        assertEquals("attention.html at n=512 (12 layers x 12 heads, the reference and 2 variants) would keep 7 weights per attention row "
                + "to stay under 8 MB, fewer than 8; pass --n 494 or less, or at most 1 label in --variants", e.getMessage());
        UserFacingException one = assertThrows(UserFacingException.class, () -> PageBudget.check(2048, 6, 12, 1));
        assertTrue(one.getMessage().endsWith("; pass --n " + largestFitting(6, 12, 2) + " or less"), one.getMessage());
    }

    private static int largestFitting(int layers, int heads, int maps) {
        int n = 4096;
        while (PageBudget.slots(n, layers, heads, maps, PageBudget.DEFAULT_RESERVE) < PageBudget.MIN_SLOTS) {
            n--;
        }
        return n;
    }
}
