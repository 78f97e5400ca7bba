package org.attentionlab.benchmarks;

import java.util.Locale;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.model.BertConfig;
import org.attentionlab.core.model.BertWeights;
import org.attentionlab.core.tensor.Gelu;
import org.attentionlab.core.tensor.HeadLayout;
import org.attentionlab.core.tensor.LayerNorm;
import org.attentionlab.core.tensor.Linear;

/**
 * A copy of {@link org.attentionlab.core.model.BertEncoder}'s forward (no type ids, no mask) with a clock
 * around every stage, to see where the time goes. Keep it in step with the encoder: {@link EncoderReport}
 * prints how far their outputs differ.
 */
final class StagedForward {

    enum Stage { EMBED, QKV_LINEAR, SPLIT_HEADS, ATTENTION, MERGE_HEADS, OUT_LINEAR, ADD_LAYER_NORM, FFN_UP_LINEAR, GELU, FFN_DOWN_LINEAR, COPY_OUT }

    private final BertWeights weights;
    private final BertConfig config;
    private final Attention attention;
    private final Linear[][] linears;
    private static final java.lang.management.ThreadMXBean THREADS = java.lang.management.ManagementFactory.getThreadMXBean();

    private final long[] nanos = new long[Stage.values().length];
    private final long[] cpuNanos = new long[Stage.values().length];
    private long stageStart;
    private long stageCpuStart;

    private int capacity;
    private float[] hidden;
    private float[] afterAttention;
    private float[] q;
    private float[] k;
    private float[] v;
    private float[] context;
    private float[] sum;
    private float[] inner;
    private float[][] qHeads;
    private float[][] kHeads;
    private float[][] vHeads;
    private float[][] outHeads;

    StagedForward(BertWeights weights, Attention attention) {
        this.weights = weights;
        this.config = weights.config();
        this.attention = attention;
        this.linears = new Linear[config.layers()][];
        for (int i = 0; i < linears.length; i++) {
            BertWeights.Layer l = weights.layer(i);
            linears[i] = new Linear[] {l.query().linear(), l.key().linear(), l.value().linear(),
                    l.attentionOutput().linear(), l.intermediate().linear(), l.output().linear()};
        }
    }

    void reset() {
        java.util.Arrays.fill(nanos, 0);
        java.util.Arrays.fill(cpuNanos, 0);
    }

    String report(int forwards) {
        long total = 0;
        long cpuTotal = 0;
        for (int i = 0; i < nanos.length; i++) {
            total += nanos[i];
            cpuTotal += cpuNanos[i];
        }
        StringBuilder b = new StringBuilder();
        b.append(String.format(Locale.ROOT, "    %-16s %8s  %6s   %s%n", "stage", "wall", "share", "CPU time of this thread (wall counts time the thread was descheduled)"));
        for (Stage s : Stage.values()) {
            b.append(String.format(Locale.ROOT, "    %-16s %8.2f ms  %5.1f%%   %8.2f ms  %5.1f%%%n", s, nanos[s.ordinal()] / 1e6 / forwards,
                    100.0 * nanos[s.ordinal()] / total, cpuNanos[s.ordinal()] / 1e6 / forwards, 100.0 * cpuNanos[s.ordinal()] / cpuTotal));
        }
        b.append(String.format(Locale.ROOT, "    %-16s %8.2f ms           %8.2f ms%n", "total", total / 1e6 / forwards, cpuTotal / 1e6 / forwards));
        return b.toString();
    }

    private void start() {
        stageStart = System.nanoTime();
        stageCpuStart = THREADS.getCurrentThreadCpuTime();
    }

    private void stop(Stage s) {
        long now = System.nanoTime();
        long cpu = THREADS.getCurrentThreadCpuTime();
        nanos[s.ordinal()] += now - stageStart;
        cpuNanos[s.ordinal()] += cpu - stageCpuStart;
        stageStart = now;
        stageCpuStart = cpu;
    }

    float[] forward(int[] ids) {
        int n = ids.length;
        ensureCapacity(n);
        int h = config.hidden();
        start();
        float[] word = weights.wordEmbeddings();
        float[] pos = weights.positionEmbeddings();
        float[] type = weights.tokenTypeEmbeddings();
        for (int i = 0; i < n; i++) {
            int wo = ids[i] * h;
            int po = i * h;
            for (int c = 0; c < h; c++) {
                hidden[po + c] = (word[wo + c] + type[c]) + pos[po + c];
            }
        }
        BertWeights.Norm en = weights.embeddingNorm();
        LayerNorm.apply(hidden, n, h, en.gamma(), en.beta(), en.eps(), hidden);
        stop(Stage.EMBED);
        for (int layer = 0; layer < config.layers(); layer++) {
            layer(layer, n);
        }
        float[] out = new float[n * h];
        System.arraycopy(hidden, 0, out, 0, n * h);
        stop(Stage.COPY_OUT);
        return out;
    }

    private void layer(int layer, int n) {
        int h = config.hidden();
        int heads = config.heads();
        int d = config.headDim();
        Linear[] lin = linears[layer];
        BertWeights.Layer w = weights.layer(layer);
        lin[0].forward(hidden, n, q);
        lin[1].forward(hidden, n, k);
        lin[2].forward(hidden, n, v);
        stop(Stage.QKV_LINEAR);
        HeadLayout.split(q, n, d, qHeads);
        HeadLayout.split(k, n, d, kHeads);
        HeadLayout.split(v, n, d, vHeads);
        stop(Stage.SPLIT_HEADS);
        attention.forward(new AttentionInput(qHeads, kHeads, vHeads, n, d, null, false), outHeads);
        stop(Stage.ATTENTION);
        HeadLayout.merge(outHeads, n, d, context);
        stop(Stage.MERGE_HEADS);
        lin[3].forward(context, n, sum);
        stop(Stage.OUT_LINEAR);
        LayerNorm.addAndApply(sum, hidden, n, h, w.attentionNorm().gamma(), w.attentionNorm().beta(), w.attentionNorm().eps(), afterAttention);
        stop(Stage.ADD_LAYER_NORM);
        lin[4].forward(afterAttention, n, inner);
        stop(Stage.FFN_UP_LINEAR);
        Gelu.applyInPlace(inner, n, config.intermediate());
        stop(Stage.GELU);
        lin[5].forward(inner, n, sum);
        stop(Stage.FFN_DOWN_LINEAR);
        LayerNorm.addAndApply(sum, afterAttention, n, h, w.outputNorm().gamma(), w.outputNorm().beta(), w.outputNorm().eps(), hidden);
        stop(Stage.ADD_LAYER_NORM);
    }

    private void ensureCapacity(int n) {
        if (n <= capacity) {
            return;
        }
        int h = config.hidden();
        int d = config.headDim();
        int heads = config.heads();
        hidden = new float[n * h];
        afterAttention = new float[n * h];
        q = new float[n * h];
        k = new float[n * h];
        v = new float[n * h];
        context = new float[n * h];
        sum = new float[n * h];
        inner = new float[n * config.intermediate()];
        qHeads = new float[heads][n * d];
        kHeads = new float[heads][n * d];
        vHeads = new float[heads][n * d];
        outHeads = new float[heads][n * d];
        capacity = n;
    }
}
