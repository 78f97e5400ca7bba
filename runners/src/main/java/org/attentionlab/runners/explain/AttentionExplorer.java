package org.attentionlab.runners.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.IntStream;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionPattern;
import org.attentionlab.core.model.BertConfig;
import org.attentionlab.core.model.BertEncoder;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.core.text.CausalTextTokenizer;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.VariantSpec;
import org.attentionlab.runners.diagnostics.AttentionMaps;
import org.attentionlab.runners.diagnostics.DocumentTrace;
import org.attentionlab.runners.execute.Attentions;
import org.attentionlab.runners.execute.LoadedDecoder;
import org.attentionlab.runners.execute.LoadedModel;
import org.attentionlab.runners.metrics.HiddenStateComparison;
import org.attentionlab.runners.results.Gate;
import org.attentionlab.runners.results.GateCheck;
import org.attentionlab.runners.results.ModelRecord;

/**
 * Builds the explorer's data for one document at one size. First {@link #trace}: the Java model with full
 * attention runs the document, keeping each layer's Q and K, and its output is held to ONNX Runtime's on that
 * same document (the gate's bounds). Then {@link #data}: per layer, the reference's maps from those Q and K
 * (the diagnostics' {@link AttentionMaps}, the one double-precision softmax) and each variant's weights on the same
 * Q and K ({@link EffectiveAttention}), so a difference is the variant's alone, not drift from earlier layers.
 */
public final class AttentionExplorer {

    /** Dropped keys listed per layer and for the whole model. */
    static final int DROPPED_SHOWN = 12;

    private final ExperimentConfig config;
    private final LoadedModel model;
    private final PluginRegistry plugins;
    private final ExplainTarget target;
    private final DocumentTrace trace;
    private final GateCheck gate;
    private final List<String> tokens;

    private AttentionExplorer(ExperimentConfig config, LoadedModel model, PluginRegistry plugins, ExplainTarget target,
                              DocumentTrace trace, GateCheck gate, List<String> tokens) {
        this.config = config;
        this.model = model;
        this.plugins = plugins;
        this.target = target;
        this.trace = trace;
        this.gate = gate;
        this.tokens = tokens;
    }

    /**
     * Runs the document through the Java model (full attention) and ONNX Runtime, keeping the Java model's Q and K. A
     * causal language model is held to ONNX Runtime on its logits (the gate the decoder workload applies), an encoder
     * on its last hidden state.
     */
    public static AttentionExplorer trace(ExperimentConfig config, LoadedModel model, PluginRegistry plugins, ExplainTarget target) {
        return model.causal() ? traceDecoder(config, model, plugins, target) : traceEncoder(config, model, plugins, target);
    }

    private static AttentionExplorer traceEncoder(ExperimentConfig config, LoadedModel model, PluginRegistry plugins, ExplainTarget target) {
        BertConfig shape = model.shape();
        int n = target.n();
        int[] ids = model.documents(n, config.corpus().documents()).get(target.document());
        int[] types = new int[n];
        DocumentTrace trace = new DocumentTrace(shape.layers(), shape.hidden());
        BertEncoder full = new BertEncoder(model.weights(), Attentions.full(plugins, shape.layers()));
        float[] java = full.forward(ids, types, null, trace);
        float[] onnx = model.reference(config.measure().threads()).run(ids, types);
        GateCheck gate = gate(java, onnx, n, shape.hidden());
        List<String> tokens = IntStream.of(ids).mapToObj(id -> model.tokenizer().decode(new int[] {id})).toList();
        return new AttentionExplorer(config, model, plugins, target, trace, gate, tokens);
    }

    /** The decoder has no layer observer: each layer's full attention hands its input to the trace as it runs. */
    private static AttentionExplorer traceDecoder(ExperimentConfig config, LoadedModel model, PluginRegistry plugins, ExplainTarget target) {
        LoadedDecoder decoder = model.decoder();
        ModelRecord shape = decoder.lm().shape();
        int n = target.n();
        int[] ids = decoder.documents(n, config.corpus().documents(), "explain --n " + n).get(target.document());
        DocumentTrace trace = new DocumentTrace(shape.layers(), shape.dModel());
        List<Attention> full = Attentions.full(plugins, shape.layers());
        List<Attention> observed = IntStream.range(0, full.size()).mapToObj(l -> trace.observing(l, full.get(l))).toList();
        float[] java = decoder.lm().decoder(observed).logits(ids);
        float[] onnx = decoder.lm().reference(config.measure().threads()).logits(ids);
        GateCheck gate = gate(java, onnx, n, shape.vocab());
        CausalTextTokenizer tokenizer = decoder.tokenizer();
        // a tokens file has no tokenizer: its positions are labelled by id
        List<String> tokens = IntStream.of(ids).mapToObj(id -> tokenizer == null ? "#" + id : tokenizer.decode(new int[] {id})).toList();
        return new AttentionExplorer(config, model, plugins, target, trace, gate, tokens);
    }

    /** The Java model's {@code n x width} output against ONNX Runtime's, with the gate's bounds. */
    private static GateCheck gate(float[] java, float[] onnx, int n, int width) {
        HiddenStateComparison cmp = new HiddenStateComparison(java, onnx, n, width);
        return new GateCheck(n, cmp.tokenCosineMin(), cmp.maxAbsError(), Gate.passes(cmp.tokenCosineMin(), cmp.maxAbsError()));
    }

    /** The Java model against ONNX Runtime on this document at this size. */
    public GateCheck gate() {
        return gate;
    }

    /** The maps, masks and figures, with as many weights per row as the page's budget allows. */
    public ExplorerData data() {
        return of(config.name(), model.name(), config.corpus().displayName(), target, trace, tokens, gate, plugins);
    }

    /**
     * The explorer's data from a trace (any model: a causal trace gives lower-triangular maps and masks).
     *
     * @param tokens one per position of the trace
     */
    static ExplorerData of(String experiment, String modelName, String corpus, ExplainTarget target, DocumentTrace trace,
                           List<String> tokens, GateCheck gate, PluginRegistry plugins) {
        int n = trace.n();
        int layers = trace.layers();
        int heads = trace.heads();
        boolean causal = trace.causal();
        boolean[] keyMask = trace.keyMask();
        List<VariantSpec> variants = target.variants();
        List<List<Attention>> attentions = variants.stream().map(v -> Attentions.perLayer(plugins, v, layers)).toList();
        LayerMask[][] masks = new LayerMask[variants.size()][layers];
        long maskChars = 0;
        for (int v = 0; v < variants.size(); v++) {
            for (int l = 0; l < layers; l++) {
                masks[v][l] = fixedMask(variants.get(v), attentions.get(v).get(l), l, n, causal);
                if (masks[v][l] != null && masks[v][l].runs() != null) {
                    maskChars += masks[v][l].runs().stream().mapToLong(r -> 6L * r.length + 3).sum();
                }
            }
        }
        long tokenChars = tokens.stream().mapToLong(t -> 8L + t.length()).sum();
        int maps = 1 + variants.size();
        int slots = PageBudget.slots(n, layers, heads, maps, ExplorerPage.fixedBytes() + tokenChars + maskChars + 200_000);
        SparseRows rows = new SparseRows(layers, heads, n, maps, Math.max(1, slots));

        List<List<Double>> entropy = new ArrayList<>();
        List<List<List<Double>>> coverage = new ArrayList<>();
        double[][][] dropped = new double[variants.size()][layers][n];
        for (int v = 0; v < variants.size(); v++) {
            coverage.add(new ArrayList<>());
        }
        int realRows = keyMask == null ? n : (int) IntStream.range(0, n).filter(i -> keyMask[i]).count();
        for (int l = 0; l < layers; l++) {
            int layer = l;
            double[][] reference = new double[heads][];
            Parallel.forRange(heads, h -> reference[h] = trace.probabilities(layer, h));
            entropy.add(IntStream.range(0, heads).mapToObj(h -> AttentionMaps.entropy(reference[h], n, keyMask)).toList());
            double[][][] variantMaps = new double[variants.size()][][];
            for (int v = 0; v < variants.size(); v++) {
                float[][] w = EffectiveAttention.weights(attentions.get(v).get(l), trace, l);
                variantMaps[v] = new double[heads][];
                for (int h = 0; h < heads; h++) {
                    variantMaps[v][h] = toDouble(w[h]);
                }
                if (masks[v][l] == null) {
                    masks[v][l] = new LayerMask(picksSomething(reference, variantMaps[v]) ? LayerMask.PICKS : LayerMask.DENSE, null);
                }
                coverage.get(v).add(coverage(masks[v][l], reference, variantMaps[v], attentions.get(v).get(l), n, causal, keyMask));
                for (int h = 0; h < heads; h++) {
                    addDropped(dropped[v][l], reference[h], variantMaps[v][h], n, keyMask, realRows);
                }
            }
            for (int h = 0; h < heads; h++) {
                double[][] one = new double[maps][];
                one[0] = reference[h];
                for (int v = 0; v < variants.size(); v++) {
                    one[1 + v] = variantMaps[v][h];
                }
                rows.add(l, h, one);
            }
        }
        List<VariantView> views = new ArrayList<>();
        for (int v = 0; v < variants.size(); v++) {
            VariantSpec spec = variants.get(v);
            List<List<DroppedKey>> perLayer = new ArrayList<>();
            List<Double> totals = new ArrayList<>();
            double[] model = new double[n];
            for (int l = 0; l < layers; l++) {
                perLayer.add(top(dropped[v][l], tokens));
                totals.add(java.util.Arrays.stream(dropped[v][l]).sum());
                for (int j = 0; j < n; j++) {
                    model[j] += dropped[v][l][j];
                }
            }
            boolean picks = java.util.Arrays.stream(masks[v]).anyMatch(m -> m.kind().equals(LayerMask.PICKS));
            views.add(new VariantView(spec.label(), spec.name(), spec.params(), spec.layers(), List.of(masks[v]), coverage.get(v),
                    perLayer, totals, top(model, tokens), !picks || rows.complete(1 + v)));
        }
        return new ExplorerData(experiment, modelName, corpus, target.document(), n, causal, layers, heads, tokens, gate, entropy, views, rows);
    }

    /** What can be said of a variant's layer before running it: full attention there, or its fixed pattern; null: look at its weights. */
    private static LayerMask fixedMask(VariantSpec v, Attention attention, int layer, int n, boolean causal) {
        if (v.layers() != null && !v.layers().contains(layer)) {
            return new LayerMask(LayerMask.FULL, null);
        }
        Optional<AttentionPattern> pattern = attention.pattern();
        return pattern.map(p -> LayerMask.of(p, n, causal)).orElse(null);
    }

    /** True when the variant gives exactly 0 to some key the reference weighs: it picked keys per query (top-k). */
    private static boolean picksSomething(double[][] reference, double[][] variant) {
        for (int h = 0; h < reference.length; h++) {
            for (int x = 0; x < reference[h].length; x++) {
                if (variant[h][x] == 0 && reference[h][x] > 0) {
                    return true;
                }
            }
        }
        return false;
    }

    /** Per head, the diagnostics' coverage of the mask (the pattern, or the head's picks); null with nothing to outline. */
    private static List<Double> coverage(LayerMask mask, double[][] reference, double[][] variant, Attention attention, int n,
                                         boolean causal, boolean[] keyMask) {
        if (mask.kind().equals(LayerMask.PATTERN)) {
            boolean[] covered = AttentionMaps.patternMask(attention.pattern().orElseThrow(), n, causal);
            return IntStream.range(0, reference.length).mapToObj(h -> AttentionMaps.coverage(reference[h], n, keyMask, covered)).toList();
        }
        if (mask.kind().equals(LayerMask.PICKS)) {
            List<Double> out = new ArrayList<>();
            for (int h = 0; h < reference.length; h++) {
                boolean[] picked = new boolean[n * n];
                for (int x = 0; x < picked.length; x++) {
                    picked[x] = variant[h][x] != 0;
                }
                out.add(AttentionMaps.coverage(reference[h], n, keyMask, picked));
            }
            return out;
        }
        return null;
    }

    /** Adds one head's dropped mass per key: the reference's weight minus the variant's where larger, mean over real queries. */
    private static void addDropped(double[] into, double[] reference, double[] variant, int n, boolean[] keyMask, int realRows) {
        for (int i = 0; i < n; i++) {
            if (keyMask != null && !keyMask[i]) {
                continue;
            }
            for (int j = 0; j < n; j++) {
                double lost = reference[i * n + j] - variant[i * n + j];
                if (lost > 0) {
                    into[j] += lost / realRows;
                }
            }
        }
    }

    private static List<DroppedKey> top(double[] mass, List<String> tokens) {
        return IntStream.range(0, mass.length).boxed().filter(j -> mass[j] > 0)
                .sorted(Comparator.comparingDouble((Integer j) -> -mass[j]).thenComparingInt(j -> j))
                .limit(DROPPED_SHOWN).map(j -> new DroppedKey(j, tokens.get(j), mass[j])).toList();
    }

    private static double[] toDouble(float[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) {
            out[i] = x[i];
        }
        return out;
    }
}
