package org.attentionlab.runners.execute;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.model.BertConfig;
import org.attentionlab.core.model.BertEncoder;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.core.reference.OnnxReference;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.VariantSpec;
import org.attentionlab.runners.diagnostics.LayerDiagnostics;
import org.attentionlab.runners.metrics.HiddenStateComparison;
import org.attentionlab.runners.metrics.RetrievalAgreement;
import org.attentionlab.runners.record.Sweep;
import org.attentionlab.runners.results.Accuracy;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.CellDiagnostics;
import org.attentionlab.runners.results.Cost;
import org.attentionlab.runners.results.Gate;
import org.attentionlab.runners.results.GateCheck;

/**
 * The main sweep: the Java model with each variant against ONNX Runtime running the same export, on the
 * same documents, at every context size.
 */
public final class ModelWorkload extends Sweep {

    private final LoadedModel model;
    private final OnnxReference reference;
    private final BertConfig shape;
    private final int documents;
    private List<int[]> docs;
    private float[][] referenceOut;
    private int[] typeIds;
    private BertEncoder diagnosticsReference;
    private LayerDiagnostics diagnostics;

    public ModelWorkload(ExperimentConfig config, PluginRegistry plugins, LoadedModel model, SweepProgress progress) {
        super(config, plugins, progress);
        this.model = model;
        this.shape = model.shape();
        this.reference = model.reference(config.measure().threads());
        this.documents = config.corpus().documents();
    }

    @Override
    protected int documents() {
        return documents;
    }

    /** Full attention in every layer against the reference on the first document at the smallest and largest n. */
    @Override
    protected Gate gate() {
        int smallest = config.contextSizes().stream().min(Integer::compare).orElseThrow();
        int largest = config.contextSizes().stream().max(Integer::compare).orElseThrow();
        BertEncoder full = new BertEncoder(model.weights(), attentionsFor(new VariantSpec(VariantSpec.FULL, VariantSpec.FULL, Map.of(), null), shape.layers()));
        List<GateCheck> checks = new ArrayList<>();
        for (int n : smallest == largest ? List.of(smallest) : List.of(smallest, largest)) {
            int[] ids = model.documents(n, 1).get(0);
            int[] types = new int[n];
            HiddenStateComparison cmp = new HiddenStateComparison(full.forward(ids, types, null), reference.run(ids, types), n, shape.hidden());
            boolean ok = cmp.tokenCosineMin() >= Gate.MIN_TOKEN_COSINE && cmp.maxAbsError() <= Gate.MAX_ABS_ERROR;
            checks.add(new GateCheck(n, cmp.tokenCosineMin(), cmp.maxAbsError(), ok));
        }
        return new Gate(checks.stream().allMatch(GateCheck::passed), Gate.MIN_TOKEN_COSINE, Gate.MAX_ABS_ERROR, checks);
    }

    @Override
    protected void prepare(int n) {
        docs = model.documents(n, documents);
        typeIds = new int[n];
        referenceOut = new float[docs.size()][];
        for (int d = 0; d < docs.size(); d++) {
            referenceOut[d] = reference.run(docs.get(d), typeIds);
        }
        if (config.diagnosticsEnabled()) {
            progress.note("diagnostics reference at n=" + n);
            if (diagnosticsReference == null) {
                diagnosticsReference = new BertEncoder(model.weights(), attentionsFor(new VariantSpec(VariantSpec.FULL, VariantSpec.FULL, Map.of(), null), shape.layers()));
            }
            int count = Math.min(config.diagnostics().documents(), docs.size());
            diagnostics = LayerDiagnostics.record(diagnosticsReference, docs.subList(0, count), typeIds);
        }
    }

    @Override
    protected void release(int n) {
        docs = null;
        referenceOut = null;
        diagnostics = null;
    }

    @Override
    protected Cell measure(VariantSpec v, int n) {
        List<Attention> attentions = attentionsFor(v, shape.layers());
        BertEncoder encoder = new BertEncoder(model.weights(), attentions);
        Accuracy accuracy = accuracy(encoder, n);
        Cost cost = cost(encoder, attentions, n);
        CellDiagnostics cellDiagnostics = diagnostics == null ? null : diagnostics.measure(encoder, attentions); // after timing, untimed
        return new Cell(v.name(), v.label(), v.params(), v.layers(), n, docs.size(), Cell.OK, null, accuracy, cost, cellDiagnostics);
    }

    private Accuracy accuracy(BertEncoder encoder, int n) {
        int count = docs.size();
        double cosMean = 0;
        double cosMin = 0;
        double relL2 = 0;
        double maxAbs = 0;
        double embCos = 0;
        List<float[]> variantEmb = new ArrayList<>();
        List<float[]> referenceEmb = new ArrayList<>();
        for (int d = 0; d < count; d++) {
            float[] out = encoder.forward(docs.get(d), typeIds, null);
            HiddenStateComparison cmp = new HiddenStateComparison(out, referenceOut[d], n, shape.hidden());
            cosMean += cmp.tokenCosineMean();
            cosMin += cmp.tokenCosineMin();
            relL2 += cmp.relL2();
            maxAbs += cmp.maxAbsError();
            embCos += cmp.embeddingCosine();
            variantEmb.add(cmp.variantEmbedding());
            referenceEmb.add(cmp.referenceEmbedding());
        }
        return new Accuracy(cosMean / count, cosMin / count, relL2 / count, maxAbs / count, embCos / count,
                RetrievalAgreement.agreement(variantEmb, referenceEmb));
    }

    private Cost cost(BertEncoder encoder, List<Attention> attentions, int n) {
        int[] first = docs.get(0);
        for (int w = 0; w < config.measure().warmup(); w++) {
            encoder.forward(first, typeIds, null);
            reference.run(first, typeIds);
        }
        int reps = config.measure().repetitions();
        LatencySamples samples = new LatencySamples(reps);
        for (int r = 0; r < reps; r++) {
            int[] ids = docs.get(r % docs.size());
            samples.measure(() -> encoder.forward(ids, typeIds, null), () -> reference.run(ids, typeIds));
        }
        AttentionShape attentionShape = new AttentionShape(n, shape.heads(), shape.headDim(), false);
        long flops = 0;
        long scratch = 0;
        Map<Attention, AttentionCost> seen = new HashMap<>();
        for (Attention a : attentions) {
            AttentionCost c = seen.computeIfAbsent(a, x -> x.cost(attentionShape));
            flops += c.flops();
            scratch = Math.max(scratch, c.scratchBytes());
        }
        double median = samples.variantMedian();
        double refMedian = samples.referenceMedian();
        return new Cost(median, samples.variantP10(), samples.variantP90(), n / (median / 1000.0), refMedian,
                median / refMedian, flops, scratch, samples.allocatedMedian());
    }
}
