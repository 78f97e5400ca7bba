package org.attentionlab.benchmarks;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;

import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.decoder.CausalDecoder;
import org.attentionlab.core.decoder.DecoderSession;
import org.attentionlab.core.decoder.DecoderWeights;
import org.attentionlab.core.model.ModelSource;
import org.attentionlab.core.reference.OnnxDecoderReference;
import org.attentionlab.core.reference.ReferenceDecodeSession;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.plugins.full.FullAttentionFactory;

/**
 * The Java causal decoder with {@code full} attention against ONNX Runtime on the synthetic GPT-2 export, one
 * thread each: prefill of n tokens (Java logits vs ONNX Runtime logits, called alternately), and decoding
 * the last {@code steps} of the n tokens after a prompt of the others, so the cache ends at n keys (Java's
 * KV-cache session vs ONNX Runtime with past). Prints
 * medians and the median of per-round ratios Java / ONNX Runtime.
 *
 * <p>{@code run decoder [n,...] [rounds] [steps]}, default {@code 512 7 32}.
 */
public final class DecoderReport {

    private DecoderReport() {
    }

    public static void main(String[] args) {
        int[] sizes = Arrays.stream((args.length > 0 ? args[0] : "512").split(",")).mapToInt(Integer::parseInt).toArray();
        int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 7;
        int steps = args.length > 2 ? Integer.parseInt(args[2]) : 32;
        Parallel.setThreads(1);
        ModelSource source = ModelSource.builtIn("synthetic-gpt2");
        DecoderWeights w = source.decoderWeights();
        Attention full = new FullAttentionFactory().create(Map.of());
        CausalDecoder decoder = new CausalDecoder(w, Collections.nCopies(w.config().layers(), full));
        System.out.println("synthetic-gpt2: " + w.config());
        try (OnnxDecoderReference ref = new OnnxDecoderReference(source.onnxBytes(), 1)) {
            for (int n : sizes) {
                int[] ids = ids(n, w.config().vocab());
                int[] prompt = ids;
                // the decoding's prompt stops steps tokens short, so that its cache ends at n keys
                int[] decodePrompt = Arrays.copyOf(ids, n - steps);
                List<Double> javaPrefill = new ArrayList<>();
                List<Double> ortPrefill = new ArrayList<>();
                List<Double> prefillRatio = new ArrayList<>();
                List<Double> javaStep = new ArrayList<>();
                List<Double> ortStep = new ArrayList<>();
                List<Double> stepRatio = new ArrayList<>();
                for (int r = -2; r < rounds; r++) { // two untimed warm-up rounds
                    long t0 = System.nanoTime();
                    decoder.logits(prompt);
                    long t1 = System.nanoTime();
                    ref.logits(prompt);
                    long t2 = System.nanoTime();
                    DecoderSession session = decoder.startDecode(n);
                    session.prefill(decodePrompt);
                    long t3 = System.nanoTime();
                    for (int s = 0; s < steps; s++) {
                        session.step(ids[n - steps + s]);
                    }
                    long t4 = System.nanoTime();
                    long t5;
                    long t6;
                    try (ReferenceDecodeSession ort = ref.startDecode()) {
                        ort.prefill(decodePrompt);
                        t5 = System.nanoTime();
                        for (int s = 0; s < steps; s++) {
                            ort.step(ids[n - steps + s]);
                        }
                        t6 = System.nanoTime();
                    }
                    if (r >= 0) {
                        double jp = (t1 - t0) / 1e6;
                        double op = (t2 - t1) / 1e6;
                        double js = (t4 - t3) / 1e6 / steps;
                        double os = (t6 - t5) / 1e6 / steps;
                        javaPrefill.add(jp);
                        ortPrefill.add(op);
                        prefillRatio.add(jp / op);
                        javaStep.add(js);
                        ortStep.add(os);
                        stepRatio.add(js / os);
                    }
                }
                StageClock clock = new StageClock();
                for (int r = 0; r < 3; r++) {
                    decoder.logits(prompt, clock);
                }
                System.out.println("n=" + n + " Java prefill by stage (ms per forward, summed over layers):" + clock.per(3));
                StageClock stepClock = new StageClock();
                DecoderSession timed = decoder.startDecode(n);
                timed.prefill(Arrays.copyOf(ids, n - steps));
                for (int s = 0; s < steps; s++) {
                    timed.step(ids[n - steps + s], stepClock);
                }
                System.out.println("n=" + n + " Java decode step by stage (ms per token, summed over layers):" + stepClock.per(steps));
                System.out.printf("n=%d prefill ms: java %.1f  onnxruntime %.1f  ratio %.3f | decode ms/token (%d steps): java %.3f  "
                                + "onnxruntime-with-past %.3f  ratio %.3f%n", n, median(javaPrefill), median(ortPrefill), median(prefillRatio),
                        steps, median(javaStep), median(ortStep), median(stepRatio));
            }
        }
    }

    /** Sums the time of each stage over the forwards it sees. */
    private static final class StageClock implements org.attentionlab.core.decoder.DecoderStageObserver {
        private final long[] nanos = new long[org.attentionlab.core.decoder.DecoderStage.values().length];
        private long last;

        @Override
        public void forwardStarted(int tokens) {
            last = System.nanoTime();
        }

        @Override
        public void stageEnded(org.attentionlab.core.decoder.DecoderStage stage, int layer) {
            long now = System.nanoTime();
            nanos[stage.ordinal()] += now - last;
            last = now;
        }

        String per(int calls) {
            StringBuilder s = new StringBuilder();
            for (org.attentionlab.core.decoder.DecoderStage stage : org.attentionlab.core.decoder.DecoderStage.values()) {
                s.append(String.format(" %s %.3f", stage, nanos[stage.ordinal()] / 1e6 / calls));
            }
            return s.toString();
        }
    }

    private static int[] ids(int n, int vocab) {
        Random r = new Random(3);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) {
            ids[i] = r.nextInt(vocab);
        }
        return ids;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        int m = sorted.size() / 2;
        return sorted.size() % 2 == 1 ? sorted.get(m) : (sorted.get(m - 1) + sorted.get(m)) / 2;
    }
}
