package org.attentionlab.plugins.full;

import java.lang.management.ManagementFactory;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.tensor.Parallel;

/**
 * Not a test: a side-by-side of the first scalar full attention (plain loops, kept here verbatim as the
 * baseline) against the vectorised materialized and tiled algorithms, single-threaded, median of several
 * runs in one JVM after warm-up, plus bytes allocated per forward. Run it by hand:
 * {@code java --add-modules jdk.incubator.vector -cp <test classpath> org.attentionlab.plugins.full.FullAttentionSpeedCheck [n heads dHead]}
 */
public final class FullAttentionSpeedCheck {

    private FullAttentionSpeedCheck() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int heads = args.length > 1 ? Integer.parseInt(args[1]) : 12;
        int d = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        Parallel.setThreads(1);
        Random random = new Random(1);
        float[][] q = AttentionOracle.random(random, heads, n, d, 1.0, 0);
        float[][] k = AttentionOracle.random(random, heads, n, d, 1.0, 0);
        float[][] v = AttentionOracle.random(random, heads, n, d, 1.0, 0);
        AttentionInput input = new AttentionInput(q, k, v, n, d, null, false);
        float[][] out = new float[heads][n * d];
        float[][] scratch = new float[heads][n * n];
        FullAttentionFactory factory = new FullAttentionFactory();
        Attention materialized = factory.create(Map.of());
        Attention tiled = factory.create(Map.of("algorithm", "tiled"));
        System.out.printf("full attention n=%d heads=%d dHead=%d, 1 thread, median of 15 after 10 warm-up%n", n, heads, d);
        report("scalar loops (first version)", () -> scalarForward(input, out, scratch));
        report("vector materialized", () -> materialized.forward(input, out));
        report("vector tiled (block 64)", () -> tiled.forward(input, out));
    }

    private static void report(String name, Runnable forward) {
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
        System.out.printf("  %-30s median %8.3f ms  (min %8.3f, max %8.3f)  allocated/forward %d B%n",
                name, times[times.length / 2] / 1e6, times[0] / 1e6, times[times.length - 1] / 1e6, allocated);
    }

    /** The plugin's first implementation: scalar loops over an n x n score matrix per head. */
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
                int last = in.causal() ? i : n - 1;
                float max = Float.NEGATIVE_INFINITY;
                for (int j = 0; j <= last; j++) {
                    if (!in.keyValid(j)) {
                        s[i * n + j] = Float.NEGATIVE_INFINITY;
                        continue;
                    }
                    float dot = 0f;
                    for (int c = 0; c < d; c++) {
                        dot += q[i * d + c] * k[j * d + c];
                    }
                    float score = dot * scale;
                    s[i * n + j] = score;
                    max = Math.max(max, score);
                }
                Arrays.fill(o, i * d, i * d + d, 0f);
                if (max == Float.NEGATIVE_INFINITY) {
                    continue;
                }
                float sum = 0f;
                for (int j = 0; j <= last; j++) {
                    float p = (float) Math.exp(s[i * n + j] - max);
                    s[i * n + j] = p;
                    sum += p;
                }
                float inv = 1f / sum;
                for (int j = 0; j <= last; j++) {
                    float p = s[i * n + j] * inv;
                    if (p == 0f) {
                        continue;
                    }
                    for (int c = 0; c < d; c++) {
                        o[i * d + c] += p * v[j * d + c];
                    }
                }
            }
        }
    }
}
