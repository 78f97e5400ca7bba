package org.attentionlab.core.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.attention.CausalSupport;
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.attention.DecodeState;
import org.attentionlab.core.plugin.AttentionFactory;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.core.tensor.HeadLayout;
import org.attentionlab.core.tensor.Parallel;
import org.junit.jupiter.api.Test;

/**
 * The contract every attention plugin keeps, checked once here: each plugin's test extends this class and
 * says which plugin and parameters to build, and (for an approximation) what to compare against. Checks:
 * every output element written (the output is NaN-prefilled), zeros for a query whose keys are all padded,
 * agreement with a double-precision dense masked-softmax oracle (over the variant's {@code pattern()}, or
 * the plugin's own oracle), parallel heads equal to serial, the same instance reused at two sizes, the
 * scratch a forward holds ({@code Attention.heldScratchBytes}, where the variant tracks it) equal to
 * {@code cost()}, and discovery through ServiceLoader. For the factory's declared {@code CausalSupport}: a
 * causal forward runs or is refused as declared; a plugin that serves decoders has a decode state whose
 * steps equal the causal forward over the whole prefix (multi-head and grouped-query) and which refuses misuse.
 */
public abstract class AttentionContract {

    /** The plugin's name, as registered. */
    protected abstract String pluginName();

    /** The parameters of the instance the contract checks. */
    protected abstract Map<String, ?> params();

    /** Largest |actual - oracle| allowed. */
    protected double tolerance() {
        return 2e-5;
    }

    /** False for variants that reject causal input (their forward throws): the factory's declared support by default. */
    protected boolean supportsCausal() {
        return factory().causalSupport().servesDecoders();
    }

    /**
     * The attention the variant should compute, in double. The default is the dense masked softmax over the
     * variant's {@code pattern()} (every pair when it has none): right for exact variants and patterns;
     * approximations override it with their own oracle.
     */
    protected double[][] oracle(Attention attention, AttentionInput in) {
        var pattern = attention.pattern();
        int n = in.n();
        boolean causal = in.causal();
        return DenseSoftmaxOracle.attention(in.q(), in.k(), in.v(), n, in.dHead(), in.keyMask(),
                (i, j) -> pattern.map(p -> p.covers(i, j, n, causal)).orElse(!causal || j <= i));
    }

    /** True for a decoder-only plugin: the checks that do not concern causality run its causal forward. */
    protected final boolean onlyCausal() {
        return !factory().causalSupport().servesEncoders();
    }

    /** Largest |step - recomputed row| allowed between a decode step and the causal forward over the whole prefix. */
    protected double decodeTolerance() {
        return 1e-5;
    }

    protected final AttentionFactory factory() {
        return PluginRegistry.load().factory(pluginName());
    }

    protected final Attention create() {
        return factory().create(params());
    }

    protected static float[][] forward(Attention attention, AttentionInput in) {
        float[][] out = new float[in.heads()][in.n() * in.dHead()];
        for (float[] o : out) {
            Arrays.fill(o, Float.NaN);
        }
        attention.forward(in, out);
        return out;
    }

    protected static AttentionInput input(long seed, int heads, int n, int d, boolean[] keyMask, boolean causal) {
        Random random = new Random(seed);
        return new AttentionInput(TestHeads.gaussian(random, heads, n, d), TestHeads.gaussian(random, heads, n, d),
                TestHeads.gaussian(random, heads, n, d), n, d, keyMask, causal);
    }

    @Test
    void isDiscoveredThroughServiceLoader() {
        assertTrue(PluginRegistry.load().names().contains(pluginName()), PluginRegistry.load().names().toString());
        assertEquals(pluginName(), factory().info().name());
    }

    @Test
    void theDeclaredCausalSupportIsWhatTheForwardDoes() {
        CausalSupport support = factory().causalSupport();
        assertEquals(support.servesDecoders(), supportsCausal(), pluginName() + " declares " + support);
        AttentionInput causal = input(3, 2, 12, 8, null, true);
        if (support.servesDecoders()) {
            forward(create(), causal);
        } else {
            assertThrows(UnsupportedOperationException.class, () -> forward(create(), causal));
            assertThrows(UnsupportedOperationException.class, () -> create().startDecode(new DecodeShape(2, 1, 8, 16)));
        }
        AttentionInput bidirectional = input(4, 2, 12, 8, null, false);
        if (support.servesEncoders()) {
            forward(create(), bidirectional);
        } else {
            assertThrows(UnsupportedOperationException.class, () -> forward(create(), bidirectional));
        }
    }

    @Test
    void writesEveryElementAndAgreesWithTheOracle() {
        boolean[] modes = onlyCausal() ? new boolean[] {true} : supportsCausal() ? new boolean[] {false, true} : new boolean[] {false};
        for (boolean causal : modes) {
            for (int n : new int[] {1, 37, 130}) {
                for (boolean padded : new boolean[] {false, true}) {
                    boolean[] mask = padded ? TestHeads.scatteredPadding(new Random(n), n) : null;
                    AttentionInput in = input(31L * n + (causal ? 1 : 0), 2, n, 16, mask, causal);
                    Attention attention = create();
                    float[][] out = forward(attention, in);
                    double[][] expected = oracle(attention, in);
                    for (int h = 0; h < in.heads(); h++) {
                        for (int e = 0; e < n * in.dHead(); e++) {
                            assertTrue(Float.isFinite(out[h][e]), "element " + e + " of head " + h + " not written (n=" + n + ")");
                        }
                        double diff = TestHeads.maxAbsDiff(expected[h], out[h]);
                        assertTrue(diff <= tolerance(), pluginName() + " n=" + n + " causal=" + causal + " padded=" + padded
                                + ": max |diff| " + diff + " > " + tolerance());
                    }
                }
            }
        }
    }

    @Test
    void aQueryWhoseKeysAreAllPaddedOutputsZeros() {
        int n = 24;
        boolean[] none = new boolean[n];
        float[][] out = forward(create(), input(5, 2, n, 8, none, onlyCausal()));
        for (float[] head : out) {
            assertArrayEquals(new float[n * 8], head);
        }
    }

    @Test
    void parallelHeadsGiveTheSerialResult() {
        AttentionInput in = input(6, 5, 70, 16, null, onlyCausal());
        float[][] serial = forward(create(), in);
        Parallel.setThreads(2);
        try {
            float[][] parallel = forward(create(), in);
            for (int h = 0; h < in.heads(); h++) {
                assertArrayEquals(serial[h], parallel[h], "head " + h);
            }
        } finally {
            Parallel.setThreads(1);
        }
    }

    @Test
    void oneInstanceReusedAtTwoSizesGivesWhatFreshOnesGive() {
        Attention reused = create();
        AttentionInput large = input(7, 2, 150, 16, null, onlyCausal());
        AttentionInput small = input(8, 2, 40, 16, null, onlyCausal());
        forward(reused, large);
        float[][] again = forward(reused, small);
        float[][] fresh = forward(create(), small);
        for (int h = 0; h < 2; h++) {
            assertArrayEquals(fresh[h], again[h], "head " + h);
        }
    }

    @Test
    void scratchHeldAfterAForwardIsWhatTheCostModelReports() {
        for (int n : new int[] {40, 150}) {
            Attention attention = create();
            AttentionInput in = input(9, 3, n, 16, null, onlyCausal());
            forward(attention, in);
            AttentionShape shape = in.shape();
            long reported = attention.cost(shape).scratchBytes();
            var held = attention.heldScratchBytes();
            if (held.isPresent()) {
                assertEquals(reported, held.getAsLong(), "n=" + n);
            }
            assertTrue(reported >= 0 && attention.cost(shape).flops() > 0);
        }
    }

    /**
     * Decoding agrees with recomputing: after a prefill of {@code prompt} tokens, the step for token t equals
     * row t of a causal forward over tokens 0..t, for grouped-query attention (2 kv heads for 4 query heads,
     * the forward getting the group's shared arrays) from an empty prompt and a 33-token one, and multi-head
     * attention from a one-token prompt; the prefill's output equals the forward's; position, keys held and
     * cache bytes stay consistent.
     */
    @Test
    void decodeStepsEqualTheCausalForwardOverTheWholePrefix() {
        if (!factory().causalSupport().servesDecoders()) {
            return;
        }
        int heads = 4;
        int d = 16;
        int total = 72;
        for (int[] kvHeadsAndPrompt : new int[][] {{2, 0}, {2, 33}, {4, 1}}) {
            int kvHeads = kvHeadsAndPrompt[0];
            int prompt = kvHeadsAndPrompt[1];
            Random random = new Random(1000L * kvHeads + prompt);
            float[][] q = TestHeads.gaussian(random, heads, total, d);
            float[][] kv = TestHeads.gaussian(random, kvHeads, total, d);
            float[][] vv = TestHeads.gaussian(random, kvHeads, total, d);
            float[][] k = HeadLayout.perQueryHead(kv, heads);
            float[][] v = HeadLayout.perQueryHead(vv, heads);
            String what = pluginName() + " kvHeads=" + kvHeads + " prompt=" + prompt;
            DecodeState state = create().startDecode(new DecodeShape(heads, kvHeads, d, total));
            if (prompt > 0) {
                AttentionInput in = new AttentionInput(q, k, v, prompt, d, null, true);
                float[][] out = new float[heads][prompt * d];
                state.prefill(in, out);
                float[][] expected = forward(create(), in);
                for (int h = 0; h < heads; h++) {
                    for (int e = 0; e < prompt * d; e++) {
                        assertEquals(expected[h][e], out[h][e], decodeTolerance(), what + " prefill head " + h + " element " + e);
                    }
                }
                assertEquals(prompt, state.position(), what);
            }
            Attention recompute = create();
            for (int t = prompt; t < total; t++) {
                float[][] qt = new float[heads][];
                float[][] kt = new float[kvHeads][];
                float[][] vt = new float[kvHeads][];
                float[][] out = new float[heads][d];
                for (int h = 0; h < heads; h++) {
                    qt[h] = Arrays.copyOfRange(q[h], t * d, (t + 1) * d);
                    Arrays.fill(out[h], Float.NaN);
                }
                for (int g = 0; g < kvHeads; g++) {
                    kt[g] = Arrays.copyOfRange(kv[g], t * d, (t + 1) * d);
                    vt[g] = Arrays.copyOfRange(vv[g], t * d, (t + 1) * d);
                }
                state.step(qt, kt, vt, out);
                if (t > prompt + 12 && t % 4 != 0 && t != total - 1) {
                    continue; // every step runs; the recomputation (a whole forward each) checks the first 12, then every 4th and the last
                }
                float[][] expected = forward(recompute, new AttentionInput(q, k, v, t + 1, d, null, true));
                for (int h = 0; h < heads; h++) {
                    for (int c = 0; c < d; c++) {
                        double diff = Math.abs(expected[h][t * d + c] - out[h][c]);
                        assertTrue(diff <= decodeTolerance(), what + " step t=" + t + " head " + h + " c=" + c
                                + ": |step - recompute| " + diff + " > " + decodeTolerance());
                    }
                }
                assertEquals(t + 1, state.position(), what);
                assertTrue(state.keysHeld() >= 0 && state.keysHeld() <= t + 1, what + " keysHeld " + state.keysHeld());
                assertTrue(state.cacheBytes() > 0, what + " cacheBytes " + state.cacheBytes());
            }
        }
    }

    /** Decoding on two kernel threads (key/value heads split between them) gives the one-thread outputs. */
    @Test
    void decodingOnTwoThreadsGivesTheSerialResult() {
        if (!factory().causalSupport().servesDecoders()) {
            return;
        }
        DecodeShape shape = new DecodeShape(6, 3, 16, 60);
        AttentionInput prompt = input(21, 6, 40, 16, null, true);
        float[][] serial = decodeOutputs(shape, prompt);
        Parallel.setThreads(2);
        try {
            float[][] parallel = decodeOutputs(shape, prompt);
            for (int h = 0; h < shape.heads(); h++) {
                assertArrayEquals(serial[h], parallel[h], "head " + h);
            }
        } finally {
            Parallel.setThreads(1);
        }
    }

    /** The prompt's outputs, then 20 steps' (seeded), concatenated per head. */
    private float[][] decodeOutputs(DecodeShape shape, AttentionInput prompt) {
        DecodeState state = create().startDecode(shape);
        float[][] out = new float[shape.heads()][(prompt.n() + 20) * shape.dHead()];
        float[][] promptOut = new float[shape.heads()][prompt.n() * shape.dHead()];
        state.prefill(prompt, promptOut);
        Random random = new Random(22);
        float[][] row = new float[shape.heads()][shape.dHead()];
        for (int t = 0; t < 20; t++) {
            state.step(TestHeads.gaussian(random, shape.heads(), 1, shape.dHead()), TestHeads.gaussian(random, shape.kvHeads(), 1, shape.dHead()),
                    TestHeads.gaussian(random, shape.kvHeads(), 1, shape.dHead()), row);
            for (int h = 0; h < shape.heads(); h++) {
                System.arraycopy(row[h], 0, out[h], (prompt.n() + t) * shape.dHead(), shape.dHead());
            }
        }
        for (int h = 0; h < shape.heads(); h++) {
            System.arraycopy(promptOut[h], 0, out[h], 0, prompt.n() * shape.dHead());
        }
        return out;
    }

    /** A state refuses a second prefill, a step past maxTokens and a prompt of the wrong shape, each in one line. */
    @Test
    void aDecodeStateRefusesMisuse() {
        if (!factory().causalSupport().servesDecoders()) {
            return;
        }
        int d = 8;
        DecodeState state = create().startDecode(new DecodeShape(2, 1, d, 5));
        AttentionInput prompt = input(11, 2, 4, d, null, true);
        assertThrows(IllegalArgumentException.class, () -> state.prefill(input(12, 3, 4, d, null, true), new float[3][4 * d]));
        assertThrows(IllegalArgumentException.class, () -> state.prefill(input(12, 2, 6, d, null, true), new float[2][6 * d]));
        state.prefill(prompt, new float[2][4 * d]);
        assertThrows(IllegalStateException.class, () -> state.prefill(prompt, new float[2][4 * d]));
        float[][] q = {new float[d], new float[d]};
        float[][] kv = {new float[d]};
        state.step(q, kv, kv, new float[2][d]);
        assertEquals(5, state.position());
        IllegalStateException full = assertThrows(IllegalStateException.class, () -> state.step(q, kv, kv, new float[2][d]));
        assertFalse(full.getMessage().contains("\n"));
    }
}
