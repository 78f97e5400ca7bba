package org.attentionlab.runners.execute;

import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.tensor.HeadLayout;
import org.attentionlab.core.tensor.HeadScratch;
import org.attentionlab.runners.memory.CellMemory;
import org.attentionlab.runners.memory.MemoryBudget;
import org.attentionlab.runners.memory.MemoryRefusedException;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.KernelSpec;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.config.VariantSpec;
import org.attentionlab.runners.plan.CellTask;
import org.attentionlab.runners.metrics.HiddenStateComparison;
import org.attentionlab.runners.results.Cost;
import org.attentionlab.runners.results.Gate;

/**
 * The attention-only sweep ({@code kind: kernel}): random Q, K, V with a fixed seed, every variant timed
 * on the same inputs and compared with full attention on them, to context sizes no model reaches. A cell has
 * one "document": the random inputs of its size.
 */
public final class KernelWorkload implements Workload {

    private final ExperimentConfig config;
    private final PluginRegistry plugins;
    private final KernelSpec spec;
    private final SweepProgress progress;
    private final Attention materializedReference;
    private final Attention tiledReference;
    /** The reference at the size prepared: materialized full attention, or tiled where that cannot fit. */
    private Attention referenceAttention;
    private MemoryBudget memory = MemoryBudget.ofThisJvm();
    private final java.util.List<String> notes = new java.util.ArrayList<>();
    private AttentionInput input;
    private float[][] referenceOut;
    private int referenceForwards;

    public KernelWorkload(ExperimentConfig config, PluginRegistry plugins, SweepProgress progress) {
        this.config = config;
        this.plugins = plugins;
        this.progress = progress;
        this.spec = config.kernel();
        this.materializedReference = plugins.factory(VariantSpec.FULL).create(Map.of("algorithm", "materialized"));
        this.tiledReference = plugins.factory(VariantSpec.FULL).create(Map.of("algorithm", "tiled"));
        this.referenceAttention = materializedReference;
    }

    /** Tests hold the workload to a smaller budget than this JVM's. */
    void useMemoryBudget(MemoryBudget budget) {
        this.memory = budget;
    }

    private AttentionShape shape(int n) {
        return new AttentionShape(n, spec.heads(), spec.dHead(), spec.causal());
    }

    /**
     * The reference at size n: materialized full attention when it fits beside the inputs and a
     * variant without scratch; otherwise the exact tiled algorithm, whose memory is linear in n,
     * and the progress says so.
     */
    private Attention chooseReference(int n) {
        long materialized = materializedReference.cost(shape(n)).scratchBytes();
        boolean oneArray = (long) n * n <= HeadScratch.MAX_LENGTH;
        MemoryBudget.Estimate cell = CellMemory.kernelCell(spec.heads(), spec.dHead(), n, 0, materialized);
        if (oneArray && memory.fits(cell)) {
            return materializedReference;
        }
        String note = referenceNote(n, cell);
        progress.note(note);
        if (!notes.contains(note)) {
            notes.add(note);
        }
        return tiledReference;
    }

    private String referenceNote(int n, MemoryBudget.Estimate materialized) {
        return "n=" + n + ": the reference is full attention with algorithm: tiled (exact, memory linear in n); materialized would need "
                + MemoryBudget.bytes(materialized.heap()) + " of the " + MemoryBudget.bytes(memory.heapLimit()) + " heap";
    }

    @Override
    public RunFacts facts() {
        return new RunFacts(null, null, notes);
    }

    @Override
    public String memoryRefusal(CellTask task) {
        int n = task.contextSize();
        VariantSpec v = task.variant();
        long variant = plugins.factory(v.name()).create(v.params()).cost(shape(n)).scratchBytes();
        long reference = referenceAttention.cost(shape(n)).scratchBytes();
        return memory.refusal("n=" + n + " (" + v.label() + ")",
                CellMemory.kernelCell(spec.heads(), spec.dHead(), n, variant, reference), CellMemory.ADVICE);
    }

    @Override
    public Gate gate() {
        return null; // the reference is full attention itself, checked against its oracle in the test suite
    }

    @Override
    public void prepare(int n) {
        MemoryBudget.Estimate shared = CellMemory.kernelShared(spec.heads(), spec.dHead(), n);
        String refusal = memory.refusal("n=" + n + " (Q, K, V and the reference output)", shared, "fewer kernel.heads, smaller contextSizes, "
                + "or a bigger heap (ATTNLAB_JAVA_OPTS=-Xmx<size>)");
        if (refusal != null) {
            throw new MemoryRefusedException(refusal);
        }
        referenceAttention = chooseReference(n);
        input = randomInput(n, spec);
        referenceOut = null; // computed by the first cell of the size that is not refused (referenceOutput)
    }

    /**
     * The reference's output at the prepared size, computed on first use: a size whose every cell is refused
     * for memory (materialized full at n = 65536, say) is then refused in seconds, not after a reference
     * forward of minutes.
     */
    private float[][] referenceOutput() {
        if (referenceOut == null) {
            float[][] out = newOutput(input.n());
            referenceAttention.forward(input, out);
            referenceForwards++;
            referenceOut = out;
        }
        return referenceOut;
    }

    /** Reference forwards this workload has run: one per size that had a cell to compare. */
    int referenceForwards() {
        return referenceForwards;
    }

    @Override
    public void release() {
        input = null;
        referenceOut = null;
    }

    /**
     * Standard-normal Q, K, V; the seed and n fix them, so every variant and every run sees the same. With
     * grouped-query attention ({@code kvHeads < heads}) there are {@code kvHeads} key and value arrays, and
     * the query heads of a group get the same array objects, as {@link AttentionInput} describes; with
     * {@code kvHeads == heads} the values are those of the sweeps before kvHeads existed.
     */
    public static AttentionInput randomInput(int n, KernelSpec spec) {
        SplittableRandom random = new SplittableRandom(spec.seed() * 1_000_003L + n);
        int heads = spec.heads();
        int kvHeads = spec.keyValueHeads();
        int d = spec.dHead();
        float[][] q = gaussianHeads(random, heads, n * d);
        float[][] kv = gaussianHeads(random, kvHeads, n * d);
        float[][] vv = gaussianHeads(random, kvHeads, n * d);
        return new AttentionInput(q, HeadLayout.perQueryHead(kv, heads), HeadLayout.perQueryHead(vv, heads), n, d, null, spec.causal());
    }

    private static float[][] gaussianHeads(SplittableRandom random, int heads, int length) {
        float[][] x = new float[heads][length];
        for (float[] head : x) {
            for (int i = 0; i < length; i++) {
                head[i] = (float) gaussian(random);
            }
        }
        return x;
    }

    static double gaussian(SplittableRandom random) {
        // Box-Muller: SplittableRandom has no nextGaussian in Java 17.
        double u = 1.0 - random.nextDouble();
        double v = random.nextDouble();
        return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * v);
    }

    private float[][] newOutput(int n) {
        return new float[spec.heads()][n * spec.dHead()];
    }

    @Override
    public ChunkResult run(CellTask task) {
        int n = task.contextSize();
        if (input == null || input.n() != n) {
            prepare(n);
        }
        if (task.firstDocument() != 0 || task.documents() != 1) {
            throw new IllegalArgumentException("a kernel cell has one set of inputs, asked for documents "
                    + task.firstDocument() + ".." + (task.firstDocument() + task.documents() - 1));
        }
        VariantSpec v = task.variant();
        Attention attention = plugins.factory(v.name()).create(v.params());
        float[][] out = newOutput(n);
        attention.forward(input, out);
        int width = spec.heads() * spec.dHead();
        HiddenStateComparison cmp = new HiddenStateComparison(tokenMajor(out, n), tokenMajor(referenceOutput(), n), n, width);
        DocumentAccuracy accuracy = new DocumentAccuracy(0, cmp.tokenCosineMean(), cmp.tokenCosineMin(), cmp.relL2(), cmp.maxAbsError(),
                null, null);
        if (!task.timed()) {
            return new ChunkResult(task, List.of(accuracy), null, null, null);
        }
        float[][] scratchOut = newOutput(n);
        WarmUp.run(config.measure().warmup(), () -> {
            attention.forward(input, out);
            referenceAttention.forward(input, scratchOut);
        });
        LatencySamples samples = new LatencySamples(config.measure().repetitions());
        for (int r = 0; r < config.measure().repetitions(); r++) {
            samples.measure(() -> attention.forward(input, out), () -> referenceAttention.forward(input, scratchOut));
        }
        AttentionCost c = attention.cost(input.shape());
        // the variant forward is attention alone: its latency is what the GFLOP/s divide by
        Cost cost = samples.cost(n, c.flops(), c.scratchBytes(), null, KeysCounter.count(List.of(attention), n, input.causal()));
        if (spec.causal() && plugins.factory(v.name()).causalSupport().servesDecoders()) {
            KernelDecodeTiming decode = new KernelDecodeTiming(input, spec.keyValueHeads(), spec.seed());
            cost = cost.withDecode(decode.measure(attention, referenceAttention, input, config.measure().repetitions()));
        }
        return new ChunkResult(task, List.of(accuracy), cost, null, null);
    }

    /** Per-head rows to one row per token (all heads side by side), the layout the comparison expects. */
    public static float[] tokenMajor(float[][] perHead, int n) {
        int heads = perHead.length;
        int d = perHead[0].length / n;
        float[] out = new float[n * heads * d];
        for (int h = 0; h < heads; h++) {
            for (int t = 0; t < n; t++) {
                System.arraycopy(perHead[h], t * d, out, (t * heads + h) * d, d);
            }
        }
        return out;
    }
}
