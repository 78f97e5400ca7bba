package org.attentionlab.benchmarks;

import ai.onnxruntime.OrtException;
import java.util.Arrays;
import java.util.Locale;
import java.util.SplittableRandom;
import org.attentionlab.core.tensor.Gemm;
import org.attentionlab.core.tensor.Linear;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.tensor.VectorInfo;

/**
 * The GEMM summary table: for each encoder shape and thread count, Java and ONNX Runtime called
 * alternately (A B A B ...) on the same data, so both see the same machine load, then median latency,
 * GFLOP/s and the ratio Java / ONNX Runtime. On a shared machine this ratio is steadier than two
 * separate JMH runs; {@link LinearBench} gives the JMH figures.
 *
 * <p>Arguments: {@code [rounds] [seconds of warm-up per case] [rows,rows,...]}, default 80, 2 and 512.
 */
public final class GemmReport {

    /** in x out of the encoder's projections: Q/K/V/output, FFN up, FFN down. */
    private static final int[][] WIDTHS = {{384, 384}, {384, 1536}, {1536, 384}};

    private GemmReport() {
    }

    public static void main(String[] args) throws OrtException {
        int rounds = args.length > 0 ? Integer.parseInt(args[0]) : 80;
        double warmupSeconds = args.length > 1 ? Double.parseDouble(args[1]) : 2;
        String[] rowCounts = (args.length > 2 ? args[2] : "512").split(",");
        System.out.println("vector: " + VectorInfo.describe() + "; cores: " + Runtime.getRuntime().availableProcessors()
                + "; ONNX Runtime spinning: " + System.getProperty("ort.spin", "true"));
        System.out.println("rows x in x out   thr  java us  ORT us  java GF/s  ORT GF/s  java/ORT  scalar GF/s");
        // Let C2 compile the kernels before the first measured case: on a loaded machine that takes seconds.
        row(512, 384, 384, 1, 10, 3 * warmupSeconds, false);
        for (String rowCount : rowCounts) {
            for (int threads : new int[] {1, 2}) {
                for (int[] w : WIDTHS) {
                    row(Integer.parseInt(rowCount.trim()), w[0], w[1], threads, rounds, warmupSeconds, true);
                }
            }
        }
    }

    private static void row(int rows, int in, int out, int threads, int rounds, double warmupSeconds, boolean print)
            throws OrtException {
        SplittableRandom random = new SplittableRandom(42);
        float[] x = uniform(random, rows * in);
        float[] w = uniform(random, in * out);
        float[] b = uniform(random, out);
        float[] y = new float[rows * out];
        Linear linear = new Linear(w, in, out, b);
        Parallel.setThreads(threads);
        double flops = 2.0 * rows * in * out;
        try (OnnxLinear onnx = new OnnxLinear(x, rows, in, w, out, b, threads)) {
            long warmEnd = System.nanoTime() + (long) (warmupSeconds * 1e9);
            while (System.nanoTime() < warmEnd) {
                linear.forward(x, rows, y);
                onnx.forward();
            }
            double[] java = new double[rounds];
            double[] ort = new double[rounds];
            double[] ratio = new double[rounds];
            for (int r = 0; r < rounds; r++) {
                boolean javaFirst = (r & 1) == 0;
                if (!javaFirst) {
                    ort[r] = time(onnx);
                }
                long t0 = System.nanoTime();
                linear.forward(x, rows, y);
                java[r] = (System.nanoTime() - t0) / 1e3;
                if (javaFirst) {
                    ort[r] = time(onnx);
                }
                ratio[r] = java[r] / ort[r];
            }
            if (!print) {
                return;
            }
            String scalar = "";
            if (threads == 1) {
                double[] t = new double[5]; // slow: a few runs, the first ones warm it up
                for (int r = 0; r < t.length; r++) {
                    long t0 = System.nanoTime();
                    Gemm.scalarReference(x, rows, in, w, out, b, y);
                    t[r] = System.nanoTime() - t0;
                }
                scalar = String.format(Locale.ROOT, "%11.1f", flops / median(Arrays.copyOfRange(t, 2, 5)));
            }
            double jm = median(java);
            double om = median(ort);
            System.out.printf(Locale.ROOT, "%4d x %4d x %4d  %3d  %7.0f  %6.0f  %9.1f  %8.1f  %8.2f  %s%n",
                    rows, in, out, threads, jm, om, flops / jm / 1e3, flops / om / 1e3, median(ratio), scalar);
        } finally {
            Parallel.setThreads(1);
        }
    }

    private static double time(OnnxLinear onnx) throws OrtException {
        long t0 = System.nanoTime();
        onnx.forward();
        return (System.nanoTime() - t0) / 1e3;
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[s.length / 2];
    }

    private static float[] uniform(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
