package org.attentionlab.runners.diagnostics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.BiPredicate;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.model.BertEncoder;
import org.attentionlab.core.model.BertWeights;
import org.attentionlab.core.model.LayerObserver;
import org.attentionlab.core.model.ModelSource;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.core.text.Corpus;
import org.attentionlab.core.text.TextTokenizer;
import org.attentionlab.runners.results.CellDiagnostics;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/** Drift, coverage and entropy on all-minilm-l6-v2 at n = 16 and 32, two documents, against computations written here. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LayerDiagnosticsTest {

    private static final int LAYERS = 6;
    private static final int HEADS = 12;

    private PluginRegistry plugins;
    private BertWeights weights;
    private TextTokenizer tokenizer;
    private final Map<Integer, List<int[]>> docs = new java.util.HashMap<>();
    private final Map<Integer, LayerDiagnostics> reference = new java.util.HashMap<>();

    @BeforeAll
    void load() {
        plugins = PluginRegistry.load();
        ModelSource source = ModelSource.builtIn(ModelSource.DEFAULT);
        weights = source.weights();
        tokenizer = source.tokenizer();
        Corpus corpus = Corpus.europarlEnglish();
        for (int n : List.of(16, 32)) {
            docs.put(n, corpus.documents(tokenizer, n, 2));
            reference.put(n, LayerDiagnostics.record(encoder(attentions("full", Map.of(), null)), docs.get(n), null));
        }
    }

    @AfterAll
    void close() {
        tokenizer.close();
    }

    private List<Attention> attentions(String name, Map<String, Object> params, List<Integer> layers) {
        List<Attention> list = new ArrayList<>();
        for (int l = 0; l < LAYERS; l++) {
            boolean here = layers == null || layers.contains(l);
            list.add(here ? plugins.factory(name).create(params) : plugins.factory("full").create(Map.of()));
        }
        return list;
    }

    private BertEncoder encoder(List<Attention> attentions) {
        return new BertEncoder(weights, attentions);
    }

    private CellDiagnostics measure(int n, String name, Map<String, Object> params, List<Integer> layers) {
        List<Attention> a = attentions(name, params, layers);
        return reference.get(n).measure(encoder(a), a);
    }

    @Test
    void fullAttentionDoesNotDriftAtAnyLayerAndHasNoPattern() {
        for (int n : List.of(16, 32)) {
            CellDiagnostics d = measure(n, "full", Map.of(), null);
            assertEquals(LAYERS, d.layerDrift().size());
            for (int l = 0; l < LAYERS; l++) {
                assertEquals(1.0, d.layerDrift().get(l), 1e-5, "n=" + n + " layer " + l);
            }
            assertNull(d.coverage());
            assertEquals(reference.get(n).referenceEntropy(), d.referenceEntropy());
        }
    }

    @Test
    void aWindowOfTwiceTheContextCoversAllOfFullAttentionsMass() {
        for (int n : List.of(16, 32)) {
            CellDiagnostics d = measure(n, "sliding-window", Map.of("window", 2 * n), null);
            assertEquals(LAYERS, d.coverage().size());
            for (int l = 0; l < LAYERS; l++) {
                assertEquals(HEADS, d.coverage().get(l).size());
                for (int h = 0; h < HEADS; h++) {
                    assertEquals(1.0, d.coverage().get(l).get(h), 1e-6, "n=" + n + " layer " + l + " head " + h);
                }
                assertEquals(1.0, d.layerDrift().get(l), 1e-5);
            }
        }
    }

    /** Full attention's probabilities of one layer and head on one document, computed here from the observed Q and K. */
    private double[] oracleProbabilities(int[] ids, int layer, int head) {
        double[][] p = new double[1][];
        encoder(attentions("full", Map.of(), null)).forward(ids, null, null, new LayerObserver() {
            @Override
            public void attentionInput(int l, AttentionInput in) {
                if (l != layer) {
                    return;
                }
                int n = in.n();
                int d = in.dHead();
                p[0] = new double[n * n];
                for (int i = 0; i < n; i++) {
                    double[] s = new double[n];
                    double max = Double.NEGATIVE_INFINITY;
                    for (int j = 0; j < n; j++) {
                        for (int c = 0; c < d; c++) {
                            s[j] += in.q()[head][i * d + c] * (double) in.k()[head][j * d + c];
                        }
                        s[j] /= Math.sqrt(d);
                        max = Math.max(max, s[j]);
                    }
                    double sum = 0;
                    for (int j = 0; j < n; j++) {
                        s[j] = Math.exp(s[j] - max);
                        sum += s[j];
                    }
                    for (int j = 0; j < n; j++) {
                        p[0][i * n + j] = s[j] / sum;
                    }
                }
            }
        });
        return p[0];
    }

    /** Mean over both documents and all rows of the mass on keys {@code inside(i, j)}. */
    private double oracleCoverage(int n, int layer, int head, BiPredicate<Integer, Integer> inside) {
        double total = 0;
        for (int[] ids : docs.get(n)) {
            double[] p = oracleProbabilities(ids, layer, head);
            for (int i = 0; i < n; i++) {
                for (int j = 0; j < n; j++) {
                    total += inside.test(i, j) ? p[i * n + j] : 0;
                }
            }
        }
        return total / (2.0 * n);
    }

    @Test
    void aSmallWindowMissesMassAndItsCoverageIsTheBandsShare() {
        int n = 32;
        CellDiagnostics d = measure(n, "sliding-window", Map.of("window", 4), null); // keys |i - j| <= 2
        for (int l = 0; l < LAYERS; l++) {
            for (int h = 0; h < HEADS; h++) {
                double c = d.coverage().get(l).get(h);
                assertTrue(c > 0 && c < 1 - 1e-6, "layer " + l + " head " + h + ": " + c);
            }
        }
        double expected = oracleCoverage(n, 2, 5, (i, j) -> Math.abs(i - j) <= 2);
        assertEquals(expected, d.coverage().get(2).get(5), 1e-9);
        assertTrue(d.layerDrift().get(LAYERS - 1) < 0.999, d.layerDrift().toString());
    }

    @Test
    void entropyIsThatOfFullAttentionsRows() {
        int n = 16;
        double expected = 0;
        for (int[] ids : docs.get(n)) {
            double[] p = oracleProbabilities(ids, 4, 7);
            for (double v : p) {
                expected -= v > 0 ? v * Math.log(v) : 0;
            }
        }
        expected /= 2.0 * n;
        assertEquals(expected, reference.get(n).referenceEntropy().get(4).get(7), 1e-9);
        for (List<Double> layer : reference.get(n).referenceEntropy()) {
            for (double h : layer) {
                assertTrue(h >= 0 && h <= Math.log(n) + 1e-12, layer.toString());
            }
        }
    }

    @Test
    void aHybridDriftsFromItsFirstSparseLayerOnAndHasCoverageOnlyThere() {
        CellDiagnostics d = measure(32, "sliding-window", Map.of("window", 4), List.of(3));
        for (int l = 0; l < 3; l++) {
            assertEquals(1.0, d.layerDrift().get(l), 1e-12, "layer " + l + " is full attention on the same input");
            assertNull(d.coverage().get(l));
        }
        for (int l = 3; l < LAYERS; l++) {
            assertTrue(d.layerDrift().get(l) < 1 - 1e-6, "layer " + l + ": " + d.layerDrift());
        }
        assertNotNull(d.coverage().get(3));
        assertNull(d.coverage().get(4));
    }

    @Test
    void blockSparseCoverageIsTheMassOnItsBlocks() {
        int n = 32;
        Map<String, Object> diagonal = Map.of("blockSize", 8, "windowBlocks", 1, "globalBlocks", 0, "randomBlocks", 0);
        CellDiagnostics d = measure(n, "block-sparse", diagonal, null);
        assertEquals(oracleCoverage(n, 0, 0, (i, j) -> i / 8 == j / 8), d.coverage().get(0).get(0), 1e-9);
        CellDiagnostics one = measure(n, "block-sparse", Map.of("blockSize", n, "windowBlocks", 1, "globalBlocks", 0, "randomBlocks", 0), null);
        one.coverage().forEach(layer -> layer.forEach(c -> assertEquals(1.0, c, 1e-6)));
    }

    @Test
    void aDenseApproximationHasNoCoverageButDrifts() {
        CellDiagnostics d = measure(16, "linear", Map.of(), null);
        assertNull(d.coverage());
        assertTrue(d.layerDrift().get(0) < 0.9999, d.layerDrift().toString());
    }
}
