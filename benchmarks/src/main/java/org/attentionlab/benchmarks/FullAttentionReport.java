package org.attentionlab.benchmarks;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.mask.Masks;
import org.attentionlab.core.sparse.BlockSparseAttention;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.tensor.VectorInfo;
import org.attentionlab.core.tensor.ScalarAttentionKernels;
import org.attentionlab.plugins.full.FullAttentionFactory;

/**
 * The {@code full} plugin's two algorithms against its first scalar version (plain loops over an n x n
 * score matrix, now written with the kernels' scalar twins, as the baseline): the vectorised materialized and tiled forwards,
 * single-threaded, median of 15 runs in one JVM after 10 warm-up runs each, plus the bytes one forward
 * allocates. Inputs are Gaussian Q, K, V (seed 1), no mask, not causal.
 *
 * <p>Run with {@code benchmarks/run full [n] [heads] [dHead] [skip-scalar]} (default 512, 12, 32; see
 * README.md). A fourth argument {@code skip-scalar} leaves out the scalar baseline, which takes minutes
 * from n = 2048. Each line also gives the GFLOP/s of the two products (4 n^2 dHead flops per head).
 */
public final class FullAttentionReport {

    private FullAttentionReport() {
    }

    /**
     * Prints one line per algorithm: median, min and max milliseconds per forward and bytes allocated.
     *
     * @param args {@code [n] [heads] [dHead]}, default 512, 12, 32
     */
    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int heads = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int d = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        Parallel.setThreads(1);
        Random random = new Random(1);
        float[][] q = gaussianHeads(random, heads, n, d);
        float[][] k = gaussianHeads(random, heads, n, d);
        float[][] v = gaussianHeads(random, heads, n, d);
        AttentionInput input = new AttentionInput(q, k, v, n, d, null, false);
        float[][] out = new float[heads][n * d];
        FullAttentionFactory factory = new FullAttentionFactory();
        Attention materialized = factory.create(Map.of("algorithm", "materialized"));
        Attention tiled = factory.create(Map.of("algorithm", "tiled"));
        Attention unfused = new BlockSparseAttention(Masks.all(), null, 64, 64);
        Attention strips = new BlockSparseAttention(Masks.all(), null, 64, BlockSparseAttention.STRIP);
        System.out.printf("full attention n=%d heads=%d dHead=%d, 1 thread, %s%n", n, heads, d, VectorInfo.describe());
        double flops = 4.0 * heads * n * (double) n * d;
        if (Arrays.asList(args).contains("threads")) {
            threadsSideBySide(new String[] {"vector materialized", "vector tiled, fused 12-row strips (block 64)",
                "tiled, register-fused"}, new Runnable[] {() -> materialized.forward(input, out),
                    () -> strips.forward(input, out), () -> tiled.forward(input, out)});
            return;
        }
        if (args.length <= 3 || !args[3].equals("skip-scalar")) {
            float[][] scratch = new float[heads][n * n];
            report("scalar loops (first version)", flops, () -> scalarForward(input, out, scratch));
        }
        sideBySide(flops, new String[] {"vector materialized", "vector tiled, unfused (block 64)",
            "vector tiled, fused 12-row strips (block 64)", "tiled, register-fused (" + tiled.toString().replaceAll(".*kernel ", "").replaceAll(" \\(.*", "") + ")"},
                new Runnable[] {() -> materialized.forward(input, out), () -> unfused.forward(input, out),
                    () -> strips.forward(input, out), () -> tiled.forward(input, out)});
    }

    /**
     * The algorithms and one {@link FmaPeak} round, interleaved: 15 rounds after 10 warm-up calls each, every
     * round running each once, timed by wall clock and by this thread's CPU time (which leaves out the time
     * other processes hold the core). Prints per algorithm the medians, GFLOP/s by CPU time, the median of
     * the per-round shares of that round's FMA peak, and the median per-round CPU-time ratio to the first
     * algorithm: on a shared machine these ratios are the figures to quote.
     */
    private static void sideBySide(double flops, String[] names, Runnable[] algorithms) {
        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        for (Runnable a : algorithms) {
            for (int i = 0; i < 10; i++) {
                a.run();
            }
        }
        float sink = 0f;
        for (int i = 0; i < 5; i++) {
            sink += FmaPeak.round();
        }
        int rounds = 15;
        int count = algorithms.length;
        double[][] wall = new double[count][rounds];
        double[][] cpu = new double[count][rounds];
        double[][] share = new double[count][rounds];
        double[][] ratio = new double[count][rounds];
        double[] peaks = new double[rounds];
        for (int round = 0; round < rounds; round++) {
            long c0 = bean.getCurrentThreadCpuTime();
            sink += FmaPeak.round();
            peaks[round] = FmaPeak.roundFlops() / (bean.getCurrentThreadCpuTime() - c0);
            for (int a = 0; a < count; a++) {
                long w = System.nanoTime();
                long c = bean.getCurrentThreadCpuTime();
                algorithms[a].run();
                cpu[a][round] = bean.getCurrentThreadCpuTime() - c;
                wall[a][round] = System.nanoTime() - w;
                share[a][round] = flops / cpu[a][round] / peaks[round];
                ratio[a][round] = cpu[a][round] / cpu[0][round];
            }
        }
        if (sink == 42f) {   // keeps the FMA chains alive; practically never true
            System.out.print("");
        }
        System.out.printf("  FMA peak by CPU time: median %.1f GFLOP/s (min %.1f, max %.1f) over %d interleaved rounds%n",
                median(peaks), Arrays.stream(peaks).min().orElse(0), Arrays.stream(peaks).max().orElse(0), rounds);
        for (int a = 0; a < count; a++) {
            System.out.printf("  %-44s wall median %8.3f ms  CPU median %8.3f ms  %.1f GFLOP/s (CPU)  %.0f%% of peak"
                            + "  CPU ratio to %s %.3f%n", names[a], median(wall[a]) / 1e6, median(cpu[a]) / 1e6,
                    flops / median(cpu[a]), 100 * median(share[a]), names[0], median(ratio[a]));
        }
        if (count > 2) {
            double[] fusedToUnfused = new double[rounds];
            for (int round = 0; round < rounds; round++) {
                fusedToUnfused[round] = cpu[count - 1][round] / cpu[count - 2][round];
            }
            System.out.printf("  %s / %s, median per-round CPU ratio %.3f%n", names[count - 1], names[count - 2],
                    median(fusedToUnfused));
        }
    }

    /**
     * One kernel thread against two (on this machine the two SMT siblings of one core), interleaved: each
     * round runs every algorithm once on one thread and once on two, by wall clock (CPU time would count both
     * threads), and prints per algorithm the median one-thread and two-thread times and the median per-round
     * speed-up. The pool is started and stopped around each two-thread run, so its idle workers never spin
     * beside a one-thread run.
     */
    private static void threadsSideBySide(String[] names, Runnable[] algorithms) {
        int rounds = 11;
        int count = algorithms.length;
        double[][] one = new double[count][rounds];
        double[][] two = new double[count][rounds];
        double[][] gain = new double[count][rounds];
        for (int threads = 1; threads <= 2; threads++) {
            Parallel.setThreads(threads);
            for (Runnable a : algorithms) {
                for (int i = 0; i < 5; i++) {
                    a.run();
                }
            }
        }
        for (int round = 0; round < rounds; round++) {
            for (int a = 0; a < count; a++) {
                Parallel.setThreads(1);
                long w = System.nanoTime();
                algorithms[a].run();
                one[a][round] = System.nanoTime() - w;
                Parallel.setThreads(2);
                w = System.nanoTime();
                algorithms[a].run();
                two[a][round] = System.nanoTime() - w;
                Parallel.setThreads(1);
                gain[a][round] = one[a][round] / two[a][round];
            }
        }
        System.out.printf("  one kernel thread against two, wall clock, %d interleaved rounds%n", rounds);
        for (int a = 0; a < count; a++) {
            System.out.printf("  %-46s 1 thread median %8.3f ms  2 threads median %8.3f ms  speed-up (median per round) %.3f%n",
                    names[a], median(one[a]) / 1e6, median(two[a]) / 1e6, median(gain[a]));
        }
    }

    private static double median(double[] x) {
        double[] sorted = x.clone();
        Arrays.sort(sorted);
        return sorted[sorted.length / 2];
    }

    /** {@code heads} buffers of {@code n x d} standard normal floats, drawn head by head in order. */
    private static float[][] gaussianHeads(Random random, int heads, int n, int d) {
        float[][] x = new float[heads][n * d];
        for (float[] head : x) {
            for (int e = 0; e < head.length; e++) {
                head[e] = (float) random.nextGaussian();
            }
        }
        return x;
    }

    private static void report(String name, double flops, Runnable forward) {
        for (int i = 0; i < 10; i++) {
            forward.run();
        }
        long[] times = new long[15];
        for (int i = 0; i < times.length; i++) {
            long start = System.nanoTime();
            forward.run();
            times[i] = System.nanoTime() - start;
        }
        Arrays.sort(times);
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        long id = Thread.currentThread().getId();
        long before = threads.getThreadAllocatedBytes(id);
        forward.run();
        long allocated = threads.getThreadAllocatedBytes(id) - before;
        System.out.printf("  %-30s median %8.3f ms  (min %8.3f, max %8.3f)  %.1f GFLOP/s  allocated/forward %d B%n",
                name, times[times.length / 2] / 1e6, times[0] / 1e6, times[times.length - 1] / 1e6,
                flops / times[times.length / 2], allocated);
    }

    /**
     * The plugin's first implementation, an n x n score matrix per head and one key at a time, now spelled with
     * the scalar twins of the vector kernels ({@link ScalarAttentionKernels}: plain loops), so no softmax or
     * weighted-sum loop lives outside the kernels.
     */
    private static void scalarForward(AttentionInput in, float[][] out, float[][] scores) {
        int n = in.n();
        int d = in.dHead();
        float scale = (float) (1.0 / Math.sqrt(d));
        for (int h = 0; h < in.heads(); h++) {
            float[] q = in.q()[h];
            float[] k = in.k()[h];
            float[] v = in.v()[h];
            float[] s = scores[h];
            float[] o = out[h];
            for (int i = 0; i < n; i++) {
                int visible = in.causal() ? i + 1 : n;
                for (int j = 0; j < visible; j++) {
                    s[i * n + j] = in.keyValid(j) ? ScalarAttentionKernels.dot(q, i * d, k, j * d, d) : Float.NEGATIVE_INFINITY;
                }
                Arrays.fill(o, i * d, i * d + d, 0f);
                if (!ScalarAttentionKernels.softmax(s, i * n, visible, scale)) {
                    continue; // no visible key: a zero row
                }
                for (int j = 0; j < visible; j++) {
                    float p = s[i * n + j];
                    if (p != 0f) {
                        ScalarAttentionKernels.axpy(p, v, j * d, o, i * d, d);
                    }
                }
            }
        }
    }
}
