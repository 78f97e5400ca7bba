package org.attentionlab.benchmarks;

import ai.onnxruntime.OrtException;
import java.util.SplittableRandom;
import java.util.concurrent.TimeUnit;
import org.attentionlab.core.tensor.Gemm;
import org.attentionlab.core.tensor.Linear;
import org.attentionlab.core.tensor.Parallel;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * {@link Linear#forward} at the encoder's shapes (rows x in x out: Q/K/V/output projections, FFN up, FFN
 * down at n = 512), against ONNX Runtime's MLAS on the same data in the same fork, and the scalar loop it
 * replaced. Threads apply to both Java ({@link Parallel}) and ONNX Runtime (intra-op threads).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 6, time = 1)
@Fork(value = 1, jvmArgsAppend = {"--add-modules", "jdk.incubator.vector", "-Xmx2g"})
public class LinearBench {

    @Param({"512x384x384", "512x384x1536", "512x1536x384"})
    public String shape;

    @Param({"1", "2"})
    public int threads;

    private int rows;
    private int in;
    private int out;
    private float[] x;
    private float[] weight;
    private float[] bias;
    private float[] y;
    private Linear linear;
    private OnnxLinear onnx;

    @Setup(Level.Trial)
    public void setUp() throws OrtException {
        String[] dims = shape.split("x");
        rows = Integer.parseInt(dims[0]);
        in = Integer.parseInt(dims[1]);
        out = Integer.parseInt(dims[2]);
        SplittableRandom random = new SplittableRandom(42);
        x = uniform(random, rows * in);
        weight = uniform(random, in * out);
        bias = uniform(random, out);
        y = new float[rows * out];
        linear = new Linear(weight, in, out, bias);
        Parallel.setThreads(threads);
        onnx = new OnnxLinear(x, rows, in, weight, out, bias, threads);
        checkAgreement();
    }

    @TearDown(Level.Trial)
    public void tearDown() throws OrtException {
        onnx.close();
        Parallel.setThreads(1);
    }

    @Benchmark
    public float[] vectorised() {
        linear.forward(x, rows, y);
        return y;
    }

    @Benchmark
    public void onnxRuntime() throws OrtException {
        onnx.forward();
    }

    /** The plain loop, single-threaded whatever {@code threads} says: run it with {@code -p threads=1}. */
    @Benchmark
    public float[] scalar() {
        Gemm.scalarReference(x, rows, in, weight, out, bias, y);
        return y;
    }

    /** Both sides must compute the same thing, or the comparison means nothing. */
    private void checkAgreement() throws OrtException {
        linear.forward(x, rows, y);
        onnx.forward();
        float[] expected = onnx.result();
        for (int i = 0; i < y.length; i++) {
            if (Math.abs(y[i] - expected[i]) > 1e-4f * (1 + Math.abs(expected[i]))) {
                throw new IllegalStateException("Java and ONNX Runtime disagree at " + i + ": " + y[i] + " vs " + expected[i]);
            }
        }
    }

    private static float[] uniform(SplittableRandom random, int n) {
        float[] v = new float[n];
        for (int i = 0; i < n; i++) {
            v[i] = (float) (random.nextDouble() * 2 - 1);
        }
        return v;
    }
}
