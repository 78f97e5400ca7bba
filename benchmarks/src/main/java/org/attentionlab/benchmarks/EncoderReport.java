package org.attentionlab.benchmarks;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.model.BertEncoder;
import org.attentionlab.core.model.BertWeights;
import org.attentionlab.core.model.ExtendedExportCache;
import org.attentionlab.core.model.ModelSource;
import org.attentionlab.core.model.PositionExtension;
import org.attentionlab.core.model.PositionMethod;
import org.attentionlab.core.reference.OnnxReference;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.core.tensor.VectorInfo;
import org.attentionlab.core.text.Corpus;
import org.attentionlab.core.text.TextTokenizer;
import org.attentionlab.plugins.full.FullAttentionFactory;

/**
 * The whole encoder side by side with ONNX Runtime: a built-in model with {@code full} attention in every
 * layer, real Europarl documents of n tokens, both warmed up, then Java and ONNX Runtime forwards in
 * alternation (A B A B ..., the order flipped every round) so both see the same machine load. Prints the
 * medians and the median per-round ratio Java / ONNX Runtime (the figure the sweep reports as
 * {@code latencyRatioToReference}), then where the Java forward's time goes: the encoder's own forward with a
 * {@link StageTimer} as its stage observer.
 *
 * <p>Arguments: {@code [n] [rounds] [threads,...] [model] [extendTo]}, default 512, 21, "1,2",
 * all-minilm-l6-v2, none. With {@code extendTo} both sides run the export with its positions copied out to
 * that many rows (the long-context sweep's {@code positions: { extendTo, method: copy }}).
 */
public final class EncoderReport {

    private EncoderReport() {
    }

    public static void main(String[] args) {
        int n = args.length > 0 ? Integer.parseInt(args[0]) : 512;
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 21;
        int[] threadCounts = Arrays.stream((args.length > 2 ? args[2] : "1,2").split(",")).mapToInt(Integer::parseInt).toArray();
        String model = args.length > 3 ? args[3] : ModelSource.DEFAULT;
        ModelSource source = ModelSource.builtIn(model);
        if (args.length > 4) {
            source = source.withPositions(new PositionExtension(PositionMethod.COPY, Integer.parseInt(args[4])),
                    ExtendedExportCache.defaultFolder());
        }
        BertWeights weights = source.weights();
        List<int[]> docs;
        try (TextTokenizer tokenizer = source.tokenizer()) {
            docs = Corpus.europarlEnglish().documents(tokenizer, n, 4);
        }
        System.out.println("model " + model + ", n = " + n + ", " + rounds + " rounds; vector: " + VectorInfo.describe()
                + "; cores: " + Runtime.getRuntime().availableProcessors());
        for (int threads : threadCounts) {
            Parallel.setThreads(threads);
            Attention full = new FullAttentionFactory().create(Map.of());
            BertEncoder encoder = new BertEncoder(weights, java.util.Collections.nCopies(weights.config().layers(), full));
            try (OnnxReference reference = new OnnxReference(source.onnxBytes(), threads)) {
                compare(encoder, reference, docs, rounds, threads);
            } finally {
                Parallel.setThreads(1);
            }
        }
    }

    private static void compare(BertEncoder encoder, OnnxReference reference, List<int[]> docs, int rounds, int threads) {
        for (int w = 0; w < 4; w++) {
            for (int[] doc : docs) {
                encoder.forward(doc, null, null);
                reference.run(doc, null);
            }
        }
        double[] java = new double[rounds];
        double[] ort = new double[rounds];
        double[] ratio = new double[rounds];
        double[] javaCpu = new double[rounds];
        double[] ortCpu = new double[rounds];
        for (int r = 0; r < rounds; r++) {
            int[] doc = docs.get(r % docs.size());
            double[] cpu = new double[1];
            if ((r & 1) == 1) {
                ort[r] = ms(() -> reference.run(doc, null), cpu);
                ortCpu[r] = cpu[0];
            }
            java[r] = ms(() -> encoder.forward(doc, null, null), cpu);
            javaCpu[r] = cpu[0];
            if ((r & 1) == 0) {
                ort[r] = ms(() -> reference.run(doc, null), cpu);
                ortCpu[r] = cpu[0];
            }
            ratio[r] = java[r] / ort[r];
        }
        System.out.printf(Locale.ROOT, "threads %d: java %.1f ms, ORT %.1f ms, median ratio %.3f (ratio of medians %.3f; ratio p10..p90 %.2f..%.2f)%n",
                threads, median(java), median(ort), median(ratio), median(java) / median(ort), pct(ratio, 10), pct(ratio, 90));
        double[] javaFirst = new double[(rounds + 1) / 2];
        double[] ortFirst = new double[rounds / 2];
        for (int r = 0; r < rounds; r++) {
            if ((r & 1) == 0) {
                javaFirst[r / 2] = java[r];
            } else {
                ortFirst[r / 2] = java[r];
            }
        }
        // ONNX Runtime's idle workers spin for a while after a run: a Java forward right after one may share its cores
        System.out.printf(Locale.ROOT, "  java median when it runs first in the round %.1f ms, right after ORT %.1f ms%n",
                median(javaFirst), median(ortFirst));
        if (threads == 1) {
            // with one thread both run on this thread, so its CPU time leaves out the time other processes took the core
            System.out.printf(Locale.ROOT, "  CPU time of this thread: java %.1f ms, ORT %.1f ms, ratio of medians %.3f%n",
                    median(javaCpu), median(ortCpu), median(javaCpu) / median(ortCpu));
        }

        com.sun.management.ThreadMXBean bean = (com.sun.management.ThreadMXBean) THREADS;
        long bytes0 = bean.getCurrentThreadAllocatedBytes();
        float[] expected = encoder.forward(docs.get(0), null, null);
        long allocated = bean.getCurrentThreadAllocatedBytes() - bytes0;
        System.out.printf(Locale.ROOT, "  allocated by one Java forward on this thread: %d bytes (the output is %d)%n",
                allocated, 16 + 4L * expected.length);
        StageTimer timer = new StageTimer();
        for (int w = 0; w < 3; w++) {
            for (int[] doc : docs) {
                encoder.forward(doc, null, null, null, timer);
            }
        }
        timer.reset();
        for (int r = 0; r < rounds; r++) {
            encoder.forward(docs.get(r % docs.size()), null, null, null, timer);
        }
        System.out.println("  Java forward by stage (mean per forward, all layers of a stage together):");
        System.out.print(timer.report(rounds));
    }

    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    /** Wall milliseconds of one call; its CPU milliseconds on this thread go to {@code cpu[0]}. */
    private static double ms(Runnable r, double[] cpu) {
        long c0 = THREADS.getCurrentThreadCpuTime();
        long t0 = System.nanoTime();
        r.run();
        long t1 = System.nanoTime();
        cpu[0] = (THREADS.getCurrentThreadCpuTime() - c0) / 1e6;
        return (t1 - t0) / 1e6;
    }

    static double median(double[] v) {
        return pct(v, 50);
    }

    static double pct(double[] v, int p) {
        double[] s = v.clone();
        Arrays.sort(s);
        return s[Math.min(s.length - 1, s.length * p / 100)];
    }
}
