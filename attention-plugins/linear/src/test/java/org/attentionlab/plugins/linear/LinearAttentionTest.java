package org.attentionlab.plugins.linear;

import static org.attentionlab.plugins.linear.QuadraticOracle.assertClose;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.attention.Exactness;
import org.attentionlab.core.plugin.InvalidParamsException;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.testing.TestHeads;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class LinearAttentionTest {

    private final LinearAttentionFactory factory = new LinearAttentionFactory();

    static List<Arguments> cases() {
        List<Arguments> cases = new ArrayList<>();
        for (String map : new String[] {"elu", "relu", "favor"}) {
            for (int n : new int[] {1, 7, 24}) {
                for (int d : new int[] {4, 9, 33}) {
                    for (boolean causal : new boolean[] {false, true}) {
                        for (boolean padded : new boolean[] {false, true}) {
                            cases.add(Arguments.of(map, n, d, causal, padded));
                        }
                    }
                }
            }
        }
        return cases;
    }

    @ParameterizedTest(name = "{0} n={1} d={2} causal={3} padded={4}")
    @MethodSource("cases")
    void matchesQuadraticForm(String map, int n, int d, boolean causal, boolean padded) {
        Random random = new Random(100L * n + d + map.hashCode());
        int heads = 2;
        float[][] q = TestHeads.gaussian(random, heads, n, d);
        float[][] k = TestHeads.gaussian(random, heads, n, d);
        float[][] v = TestHeads.gaussian(random, heads, n, d);
        boolean[] padding = padded ? TestHeads.randomPadding(random, n) : null;
        Map<String, Object> params = map.equals("favor")
                ? Map.of("featureMap", map, "features", 24, "seed", 3) : Map.of("featureMap", map);
        LinearAttention attention = (LinearAttention) factory.create(params);
        float[][] out = TestHeads.poisoned(heads, n * d);
        attention.forward(new AttentionInput(q, k, v, n, d, padding, causal), out);
        assertClose(QuadraticOracle.attention(phi(map, attention, d), q, k, v, n, d, padding, causal), out, n, d, 1e-4);
    }

    private static QuadraticOracle.Phi phi(String map, LinearAttention attention, int d) {
        return switch (map) {
            case "elu" -> QuadraticOracle.ELU;
            case "relu" -> QuadraticOracle.RELU;
            default -> {
                FavorFeatureMap favor = assertInstanceOf(FavorFeatureMap.class, attention.featureMap(d));
                yield QuadraticOracle.favor(favor.weights(), favor.features());
            }
        };
    }

    @Test
    void favorIsStableForLargeScores() {
        // scores around +-100: exp overflows float without the max subtraction
        Random random = new Random(11);
        int n = 12;
        int d = 8;
        float[][] q = TestHeads.scaledGaussian(random, 1, n * d, 8.0);
        float[][] k = TestHeads.scaledGaussian(random, 1, n * d, 8.0);
        float[][] v = TestHeads.gaussian(random, 1, n, d);
        LinearAttention attention = (LinearAttention) factory.create(Map.of("featureMap", "favor", "features", 32));
        for (boolean causal : new boolean[] {false, true}) {
            float[][] out = TestHeads.poisoned(1, n * d);
            attention.forward(new AttentionInput(q, k, v, n, d, null, causal), out);
            assertClose(QuadraticOracle.attention(phi("favor", attention, d), q, k, v, n, d, null, causal), out, n, d, 1e-3);
        }
    }

    @Test
    void favorApproachesSoftmaxAsFeaturesGrow() {
        Random random = new Random(2024);
        int n = 32;
        int d = 16;
        // |q|^2 / sqrt(d) near 1: the estimator's variance grows as exp(|q'|^2 + |k'|^2), keep it moderate
        float[][] q = TestHeads.scaledGaussian(random, 2, n * d, 0.5);
        float[][] k = TestHeads.scaledGaussian(random, 2, n * d, 0.5);
        float[][] v = TestHeads.gaussian(random, 2, n, d);
        double[][] exact = QuadraticOracle.softmax(q, k, v, n, d);
        AttentionInput input = new AttentionInput(q, k, v, n, d, null, false);
        float[][] few = new float[2][n * d];
        float[][] many = new float[2][n * d];
        factory.create(Map.of("featureMap", "favor", "features", 16)).forward(input, few);
        factory.create(Map.of("featureMap", "favor", "features", 4096)).forward(input, many);
        double errorFew = QuadraticOracle.rmsError(exact, few, n, d);
        double errorMany = QuadraticOracle.rmsError(exact, many, n, d);
        // Monte Carlo error shrinks about as 1/sqrt(m) (measured: 0.071 -> 0.011 with this seed); demand 4x
        assertTrue(errorMany < errorFew / 4, "rms error m=16: " + errorFew + ", m=4096: " + errorMany);
        assertTrue(errorMany < 0.02, "rms error m=4096: " + errorMany);
    }

    @Test
    void favorFeaturesAreOrthogonalInBlocksAndSeeded() {
        int d = 8;
        int m = 20; // two full blocks of 8 and a partial one of 4
        float[] w = OrthogonalRandomFeatures.generate(m, d, 5);
        assertArrayEquals(w, OrthogonalRandomFeatures.generate(m, d, 5));
        assertFalse(java.util.Arrays.equals(w, OrthogonalRandomFeatures.generate(m, d, 6)));
        double[] norms = new double[m];
        for (int a = 0; a < m; a++) {
            norms[a] = Math.sqrt(dot(w, a, w, a, d));
        }
        for (int a = 0; a < m; a++) {
            for (int b = a + 1; b < m; b++) {
                double cosine = dot(w, a, w, b, d) / (norms[a] * norms[b]);
                if (a / d == b / d) {
                    assertEquals(0.0, cosine, 1e-5, "rows " + a + ", " + b + " share a block");
                } else {
                    assertTrue(Math.abs(cosine) > 1e-6, "rows " + a + ", " + b + " come from independent blocks");
                }
            }
        }
        // chi-distributed norms: not all equal, mean square near d
        double meanSquare = 0;
        for (double norm : norms) {
            meanSquare += norm * norm / m;
        }
        assertTrue(meanSquare > d / 2.0 && meanSquare < d * 2.0, "mean squared norm " + meanSquare);
        assertTrue(norms[0] != norms[1]);
    }

    private static double dot(float[] x, int a, float[] y, int b, int d) {
        double sum = 0;
        for (int c = 0; c < d; c++) {
            sum += (double) x[a * d + c] * y[b * d + c];
        }
        return sum;
    }

    @Test
    void reluQueryMissingEveryKeyOutputsZerosNotNaN() {
        int n = 3;
        int d = 2;
        float[][] q = {{-1f, -2f, 1f, 0f, -0.5f, 3f}};   // query 0: both features zero
        float[][] k = {{1f, 0.5f, 2f, 0f, 0f, 0f}};      // key 2: both features zero
        float[][] v = {{1f, 2f, 3f, 4f, 5f, 6f}};
        float[][] out = TestHeads.poisoned(1, n * d);
        factory.create(Map.of("featureMap", "relu")).forward(new AttentionInput(q, k, v, n, d, null, false), out);
        assertArrayEquals(new float[] {0f, 0f}, java.util.Arrays.copyOfRange(out[0], 0, 2));
        // query 1 sees keys 0 and 1 with weights 1 and 2 (key 2 has no features): (1*[1,2] + 2*[3,4]) / 3
        assertArrayEquals(new float[] {7f / 3, 10f / 3}, java.util.Arrays.copyOfRange(out[0], 2, 4), 1e-6f);
        // query 2 sees only the second feature: key 0 weight 1.5, key 1 weight 0
        assertArrayEquals(new float[] {1f, 2f}, java.util.Arrays.copyOfRange(out[0], 4, 6), 1e-6f);
        // causal: query 0 (zero features) and query 1 restricted to keys 0, 1
        factory.create(Map.of("featureMap", "relu")).forward(new AttentionInput(q, k, v, n, d, null, true), out);
        assertArrayEquals(new float[] {0f, 0f, 7f / 3, 10f / 3}, java.util.Arrays.copyOfRange(out[0], 0, 4), 1e-6f);
    }

    @Test
    void allKeysPaddedGivesZeros() {
        for (String map : new String[] {"elu", "relu", "favor"}) {
            Random random = new Random(3);
            float[][] x = TestHeads.gaussian(random, 1, 4, 4);
            float[][] out = TestHeads.poisoned(1, 16);
            factory.create(Map.of("featureMap", map)).forward(new AttentionInput(x, x, x, 4, 4, new boolean[4], false), out);
            assertArrayEquals(new float[16], out[0], map);
        }
    }

    @Test
    void sameSeedSameOutputOtherSeedOtherOutput() {
        Random random = new Random(8);
        float[][] x = TestHeads.gaussian(random, 2, 10, 8);
        AttentionInput input = new AttentionInput(x, x, x, 10, 8, null, true);
        float[][] a = new float[2][80];
        float[][] b = new float[2][80];
        float[][] c = new float[2][80];
        factory.create(Map.of("featureMap", "favor", "seed", 1)).forward(input, a);
        factory.create(Map.of("featureMap", "favor", "seed", 1)).forward(input, b);
        factory.create(Map.of("featureMap", "favor", "seed", 2)).forward(input, c);
        assertArrayEquals(a[0], b[0]);
        assertArrayEquals(a[1], b[1]);
        assertFalse(java.util.Arrays.equals(a[0], c[0]));
    }

    @Test
    void costGrowsLinearlyInN() {
        for (String map : new String[] {"elu", "relu", "favor"}) {
            Attention attention = factory.create(Map.of("featureMap", map));
            AttentionCost small = attention.cost(new AttentionShape(2048, 12, 64, false));
            AttentionCost large = attention.cost(new AttentionShape(4096, 12, 64, false));
            assertEquals(2.0, (double) large.flops() / small.flops(), map);
            assertEquals(small.scratchBytes(), large.scratchBytes(), map); // O(m * dHead), not O(n)
        }
        // elu, m = d = 64: per key 2d + 2md + m, per query 2d + 2md + 2m + d
        long perRow = (128 + 8192 + 64) + (128 + 8192 + 128 + 64);
        AttentionCost elu = factory.create(Map.of()).cost(new AttentionShape(100, 2, 64, true));
        assertEquals(2L * 100 * perRow, elu.flops());
        assertEquals(2L * (64 * 64 + 2 * 64) * 4, elu.scratchBytes());
        // favor with m = 256 features: its projection of m*d floats counts once
        AttentionCost favor = factory.create(Map.of("featureMap", "favor", "features", 256)).cost(new AttentionShape(100, 2, 64, false));
        assertEquals((2L * (256 * 64 + 2 * 256) + 256 * 64) * 4, favor.scratchBytes());
    }

    @Test
    void describesItself() {
        assertEquals("linear", factory.info().name());
        assertEquals(Exactness.NEEDS_FINE_TUNING, factory.info().exactness());
        assertTrue(factory.create(Map.of()).pattern().isEmpty(), "every key is in reach: no sparsity pattern");
        Map<String, Object> favor = factory.resolveParams(Map.of("featureMap", "favor", "features", 128));
        assertEquals(Map.of("featureMap", "favor", "features", 128, "seed", 0), favor);
        // features and seed belong to favor only: no defaults for elu, and a resolved map resolves to itself,
        // so the params a run records can build the same attention again
        Map<String, Object> elu = factory.resolveParams(Map.of());
        assertEquals(Map.of("featureMap", "elu"), elu);
        assertEquals(elu, factory.resolveParams(elu));
        assertEquals(favor, factory.resolveParams(favor));
        factory.create(elu);
    }

    @Test
    void parameterErrorsAreExact() {
        assertMessage("parameter 'features' of linear only applies to featureMap favor, not elu", Map.of("features", 32));
        assertMessage("parameter 'seed' of linear only applies to featureMap favor, not relu",
                Map.of("featureMap", "relu", "seed", 1));
        assertMessage("parameter 'featureMap' of linear must be one of elu, relu, favor, got 'softmax'",
                Map.of("featureMap", "softmax"));
        assertMessage("parameter 'features' of linear must be integer in [1, 65536], got 0",
                Map.of("featureMap", "favor", "features", 0));
        assertMessage("unknown parameter 'kernel' for linear; allowed: featureMap, features, seed", Map.of("kernel", "elu"));
        String givenTooMuch = assertThrows(InvalidParamsException.class,
                () -> factory.resolveParams(Map.of("featureMap", "elu", "features", 8))).getMessage();
        assertEquals("parameter 'features' of linear only applies to featureMap favor, not elu", givenTooMuch);
    }

    @Test
    void resolvedParamsAreAcceptedAsTheyAre() {
        // The runners build every attention from the resolved map, favor-only defaults included.
        for (String map : List.of("elu", "relu", "favor")) {
            Map<String, Object> resolved = factory.resolveParams(Map.of("featureMap", map));
            assertEquals(resolved, factory.resolveParams(resolved));
            factory.create(resolved);
        }
        // a favor-only key written with elu is refused even at its default value
        assertMessage("parameter 'features' of linear only applies to featureMap favor, not elu",
                Map.of("featureMap", "elu", "features", 64));
    }

    private void assertMessage(String expected, Map<String, ?> raw) {
        assertEquals(expected, assertThrows(InvalidParamsException.class, () -> factory.create(raw)).getMessage());
    }
}
