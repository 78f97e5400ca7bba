package org.attentionlab.benchmarks;

import java.util.Arrays;
import java.util.Random;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.attention.DecodeShape;
import org.attentionlab.core.attention.DecodeState;
import org.attentionlab.core.mask.Masks;
import org.attentionlab.core.sparse.BlockSparseAttention;
import org.attentionlab.core.tensor.DecodeKernels;
import org.attentionlab.core.tensor.ScalarAttentionKernels;

/**
 * One decode step of attention alone, side by side, one thread: full attention's cache of n keys, a 256-key
 * window's rolling buffer ({@code window(255)} under causality: sliding-window {@code width: 256}), and the
 * step's two GEMVs over the full cache on the vector kernels against their scalar twins. Each round times
 * {@code steps} steps of each, in turn, after a prefill of n random tokens; prints medians (microseconds per
 * step) and the median per-round ratios. Usage: {@code run decode-step [n,...] [rounds] [steps] [heads]
 * [kvHeads] [dHead]}, default 4096, 15, 64, 12, 4, 64.
 */
public final class DecodeStepReport {

    private DecodeStepReport() {
    }

    public static void main(String[] args) {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "4096").split(",")).mapToInt(Integer::parseInt).toArray();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 15;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 64;
        int heads = args.length > 3 ? Integer.parseInt(args[3]) : 12;
        int kvHeads = args.length > 4 ? Integer.parseInt(args[4]) : 4;
        int d = args.length > 5 ? Integer.parseInt(args[5]) : 64;
        System.out.printf("decode step, one thread, %d heads (%d key/value heads) x dHead %d, %d steps per round, %d rounds%n",
                heads, kvHeads, d, steps, rounds);
        System.out.println("n      full us/step  width-256 us/step  window/full  vector GEMVs us  scalar GEMVs us  scalar/vector");
        for (int n : sizes) {
            report(n, rounds, steps, heads, kvHeads, d);
        }
    }

    private static void report(int n, int rounds, int steps, int heads, int kvHeads, int d) {
        Random random = new Random(n);
        int group = heads / kvHeads;
        float[][] q = gaussian(random, heads, n * d);
        float[][] kv = gaussian(random, kvHeads, n * d);
        float[][] vv = gaussian(random, kvHeads, n * d);
        float[][] k = new float[heads][];
        float[][] v = new float[heads][];
        for (int h = 0; h < heads; h++) {
            k[h] = kv[h / group];
            v[h] = vv[h / group];
        }
        AttentionInput prompt = new AttentionInput(q, k, v, n, d, null, true);
        float[][][] sq = new float[steps][][];
        float[][][] sk = new float[steps][][];
        float[][][] sv = new float[steps][][];
        for (int s = 0; s < steps; s++) {
            sq[s] = gaussian(random, heads, d);
            sk[s] = gaussian(random, kvHeads, d);
            sv[s] = gaussian(random, kvHeads, d);
        }
        // the GEMVs alone: a group's query rows against one kv head's cache of n keys
        float[] keys = kv[0];
        float[] values = vv[0];
        float[] rows = Arrays.copyOf(q[0], group * d);
        float[] scores = new float[group * n];
        float[] out = new float[group * d];
        double[] full = new double[rounds];
        double[] window = new double[rounds];
        double[] vector = new double[rounds];
        double[] scalar = new double[rounds];
        for (int r = -2; r < rounds; r++) { // two untimed rounds first
            double f = stepMicros(new BlockSparseAttention(Masks.all(), null, 64).startDecode(new DecodeShape(heads, kvHeads, d, n + steps)),
                    prompt, sq, sk, sv);
            double w = stepMicros(new BlockSparseAttention(Masks.window(255), null, 64).startDecode(new DecodeShape(heads, kvHeads, d, n + steps)),
                    prompt, sq, sk, sv);
            long t0 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                DecodeKernels.cachedScores(rows, 0, group, keys, 0, n, d, scores, 0, n);
                DecodeKernels.cachedWeightedSum(scores, 0, n, group, values, 0, n, d, out, 0);
            }
            long t1 = System.nanoTime();
            for (int s = 0; s < steps; s++) {
                ScalarAttentionKernels.cachedScores(rows, 0, group, keys, 0, n, d, scores, 0, n);
                ScalarAttentionKernels.cachedWeightedSum(scores, 0, n, group, values, 0, n, d, out, 0);
            }
            long t2 = System.nanoTime();
            if (r >= 0) {
                full[r] = f;
                window[r] = w;
                vector[r] = (t1 - t0) / 1e3 / steps;
                scalar[r] = (t2 - t1) / 1e3 / steps;
            }
        }
        System.out.printf("%-6d %12.1f  %17.1f  %11.3f  %15.1f  %15.1f  %13.2f%n", n, median(full), median(window),
                medianRatio(window, full), median(vector), median(scalar), medianRatio(scalar, vector));
    }

    private static double stepMicros(DecodeState state, AttentionInput prompt, float[][][] q, float[][][] k, float[][][] v) {
        float[][] out = new float[prompt.heads()][prompt.n() * prompt.dHead()];
        state.prefill(prompt, out);
        float[][] row = new float[prompt.heads()][prompt.dHead()];
        long t0 = System.nanoTime();
        for (int s = 0; s < q.length; s++) {
            state.step(q[s], k[s], v[s], row);
        }
        return (System.nanoTime() - t0) / 1e3 / q.length;
    }

    private static float[][] gaussian(Random random, int rows, int length) {
        float[][] x = new float[rows][length];
        for (float[] row : x) {
            for (int i = 0; i < length; i++) {
                row[i] = (float) random.nextGaussian();
            }
        }
        return x;
    }

    private static double median(double[] x) {
        double[] s = x.clone();
        Arrays.sort(s);
        return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
    }

    private static double medianRatio(double[] a, double[] b) {
        double[] r = new double[a.length];
        for (int i = 0; i < a.length; i++) {
            r[i] = a[i] / b[i];
        }
        return median(r);
    }
}
