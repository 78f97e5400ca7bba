package org.attentionlab.runners.execute;

import org.attentionlab.runners.memory.CellMemory;
import org.attentionlab.runners.memory.MemoryBudget;
import org.attentionlab.runners.memory.MemoryRefusedException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.TreeMap;
import org.attentionlab.runners.config.TaskSpec;
import org.attentionlab.runners.results.SizeTasks;
import org.attentionlab.runners.results.TaskScore;
import org.attentionlab.runners.tasks.TaskScorer;
import org.attentionlab.runners.tasks.TaskSet;
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
import org.attentionlab.runners.metrics.Embeddings;
import org.attentionlab.runners.metrics.HiddenStateComparison;
import org.attentionlab.runners.metrics.PassageRetrieval;
import org.attentionlab.runners.plan.CellTask;
import org.attentionlab.runners.results.CellDiagnostics;
import org.attentionlab.runners.results.Cost;
import org.attentionlab.runners.results.Gate;
import org.attentionlab.runners.results.GateCheck;

/**
 * The main sweep's measurement: the Java model with each variant against ONNX Runtime running the same
 * export, on the same documents, at every context size. Each document's accuracy is returned on its own
 * (see {@link DocumentAccuracy}); the cell's means and retrieval agreement are taken by {@link CellAggregator}.
 */
public final class ModelWorkload implements Workload {

    private final ExperimentConfig config;
    private final PluginRegistry plugins;
    private final SweepProgress progress;
    private final LoadedModel model;
    private final OnnxReference reference;
    private final BertConfig shape;
    private final int documents;
    private final long weightBytes;
    private MemoryBudget memory = MemoryBudget.ofThisJvm();
    private List<int[]> docs;
    private float[][] referenceOut;
    private int[] typeIds;
    private BertEncoder diagnosticsReference;
    private LayerDiagnostics diagnostics;
    private int[][] queries;
    private int[][] passages;
    private float[][] referenceQueries;
    private float[][] referencePassages;
    /** The encoder tasks' inputs at the size last prepared, by label. */
    private Map<String, TaskSet> taskSets = Map.of();
    private final Map<Integer, Map<String, TaskScore>> referenceTasks = new TreeMap<>();
    private final Map<Integer, Map<String, TaskScore>> truncatedTasks = new TreeMap<>();

    public ModelWorkload(ExperimentConfig config, PluginRegistry plugins, LoadedModel model, SweepProgress progress) {
        this.config = config;
        this.plugins = plugins;
        this.progress = progress;
        this.model = model;
        this.shape = model.shape();
        this.reference = model.reference(config.measure().threads());
        this.documents = config.corpus().documents();
        this.weightBytes = CellMemory.weights(shape, model.onnxByteCount());
    }

    /** Peak memory of the Java model with these attentions, and of ONNX Runtime, at size n. */
    private MemoryBudget.Estimate estimate(List<Attention> attentions, int n, long docCount) {
        AttentionShape attentionShape = new AttentionShape(n, shape.heads(), shape.headDim(), false);
        long scratch = 0;
        java.util.Set<Attention> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Attention a : attentions) {
            if (distinct.add(a)) {
                scratch += a.cost(attentionShape).scratchBytes(); // each instance keeps its own per-thread scratch
            }
        }
        if (config.diagnosticsEnabled()) {
            // the diagnostics reference: full attention in every layer, kept beside the variant
            scratch += (long) shape.layers() * plugins.factory(VariantSpec.FULL).create(Map.of()).cost(attentionShape).scratchBytes();
        }
        return CellMemory.modelCell(shape, weightBytes, n, docCount, scratch);
    }

    @Override
    public RunFacts facts() {
        RunFacts facts = RunFacts.ofModel(config, model);
        if (config.tasksOrEmpty().isEmpty()) {
            return facts;
        }
        for (int n : config.contextSizes()) {
            if (!referenceTasks.containsKey(n)) {
                scoreReferenceTasks(n, taskSetsAt(n)); // a resumed run whose cells at n were all done before
            }
        }
        return facts.withTasks(sizeTasks(referenceTasks), model.positions() == null ? null : sizeTasks(truncatedTasks));
    }

    private static List<SizeTasks> sizeTasks(Map<Integer, Map<String, TaskScore>> bySize) {
        List<SizeTasks> out = new ArrayList<>();
        bySize.forEach((n, scores) -> out.add(new SizeTasks(n, scores)));
        return out;
    }

    /** The encoder tasks' documents and queries at size n, by label, in the config's order. */
    private Map<String, TaskSet> taskSetsAt(int n) {
        Map<String, TaskSet> sets = new LinkedHashMap<>();
        for (TaskSpec spec : config.tasksOrEmpty()) {
            sets.put(spec.label(), model.tasks().at(spec, n));
        }
        return sets;
    }

    /**
     * The reference's task scores at n (ONNX Runtime, full attention), and for an extended model the truncation
     * baseline's: ONNX Runtime on the export as shipped, each document cut to its first P tokens. Untimed.
     */
    private void scoreReferenceTasks(int n, Map<String, TaskSet> sets) {
        progress.note("task references at n=" + n);
        Map<String, TaskScore> reference = new LinkedHashMap<>();
        Map<String, TaskScore> truncated = new LinkedHashMap<>();
        for (TaskSpec spec : config.tasksOrEmpty()) {
            TaskSet set = sets.get(spec.label());
            reference.put(spec.label(), scoreTask(spec, set, ids -> this.reference.run(ids, new int[ids.length])));
            if (model.positions() != null) {
                OnnxReference shipped = model.truncationReference(config.measure().threads());
                TaskSet cut = set.truncated(model.positions().sourceRows(), model.tokenizer().sepId());
                truncated.put(spec.label(), scoreTask(spec, cut, ids -> shipped.run(ids, new int[ids.length])));
            }
        }
        referenceTasks.put(n, reference);
        if (model.positions() != null) {
            truncatedTasks.put(n, truncated);
        }
    }

    /** One side's score on a task: every document and query embedded by {@code hidden} (ids -> last hidden state). */
    private TaskScore scoreTask(TaskSpec spec, TaskSet set, java.util.function.Function<int[], float[]> hidden) {
        float[][] docs = new float[set.documents().size()][];
        for (int d = 0; d < docs.length; d++) {
            int[] ids = set.documents().get(d);
            docs[d] = embed(hidden.apply(ids), ids.length);
        }
        float[][] queries = new float[set.queries().size()][];
        for (int q = 0; q < queries.length; q++) {
            int[] ids = set.queries().get(q);
            queries[q] = embed(hidden.apply(ids), ids.length);
        }
        return TaskScorer.score(spec, set, docs, queries);
    }

    /** The variant's scores on every task of {@code sets}. */
    private Map<String, TaskScore> variantTasks(BertEncoder encoder, Map<String, TaskSet> sets) {
        Map<String, TaskScore> scores = new LinkedHashMap<>();
        for (TaskSpec spec : config.tasksOrEmpty()) {
            scores.put(spec.label(), scoreTask(spec, sets.get(spec.label()), ids -> encoder.forward(ids, new int[ids.length], null)));
        }
        return scores;
    }

    /**
     * The variant's scores on every task at the task's size, in a task of their own: what an engine that scores a cell's
     * tasks apart from its documents and its timing (Spark) calls. The same inputs and forwards as the timed chunk of
     * {@link #run}; safe from several threads at once (each call has its own encoder).
     */
    public Map<String, TaskScore> variantTasks(CellTask task) {
        Map<String, TaskSet> sets = sharedTaskSets(task.contextSize());
        return variantTasks(new BertEncoder(model.weights(), Attentions.perLayer(plugins, task.variant(), shape.layers())), sets);
    }

    /** The task inputs of one size, kept for {@link #variantTasks(CellTask)}: only the size last asked for. */
    private final Map<Integer, Map<String, TaskSet>> sharedTaskSets = new java.util.concurrent.ConcurrentHashMap<>();

    private Map<String, TaskSet> sharedTaskSets(int n) {
        synchronized (sharedTaskSets) {
            sharedTaskSets.keySet().removeIf(other -> other != n);
            return sharedTaskSets.computeIfAbsent(n, this::taskSetsAt);
        }
    }

    /**
     * The reference's task scores at n, and the truncation baseline's (null for a model that is not extended), computed
     * on first use and kept: what an engine that scores the references apart from the cells (Spark) calls.
     */
    public synchronized SizeTasks[] referenceAndTruncatedTasks(int n) {
        if (!referenceTasks.containsKey(n)) {
            scoreReferenceTasks(n, sharedTaskSets(n));
        }
        return new SizeTasks[] {new SizeTasks(n, referenceTasks.get(n)),
                model.positions() == null ? null : new SizeTasks(n, truncatedTasks.get(n))};
    }

    @Override
    public String memoryRefusal(CellTask task) {
        return memoryRefusal(task, memory, 1, CellMemory.ADVICE);
    }

    /**
     * {@link #memoryRefusal(CellTask)} against another budget, for a JVM that runs {@code concurrentTasks} such
     * tasks at once (a Spark executor with several task slots): the weights, documents and reference outputs
     * are shared, and each task adds its encoder buffers, its attention scratch and its ONNX Runtime run.
     *
     * @param advice what to change, ending the line
     */
    public String memoryRefusal(CellTask task, MemoryBudget budget, int concurrentTasks, String advice) {
        int n = task.contextSize();
        MemoryBudget.Estimate cell = estimate(Attentions.perLayer(plugins, task.variant(), shape.layers()), n, documents);
        MemoryBudget.Estimate shared = CellMemory.modelShared(weightBytes, shape.hidden(), shape.heads(), shape.intermediate(), n, documents);
        MemoryBudget.Estimate perTask = new MemoryBudget.Estimate(0, cell.activations() - shared.activations(), cell.scratch(), shared.reference());
        MemoryBudget.Estimate all = cell;
        for (int t = 1; t < concurrentTasks; t++) {
            all = all.plus(perTask);
        }
        String what = "n=" + n + " (" + task.variant().label() + ")" + (concurrentTasks > 1 ? " with " + concurrentTasks + " tasks at once" : "");
        return budget.refusal(what, all, advice);
    }

    /** Whether the reference and the Java model with full attention fit at size n (for the gate). */
    private boolean gateFits(int n) {
        return memory.fits(estimate(Attentions.full(plugins, shape.layers()), n, 1));
    }

    /** Full attention in every layer against the reference on the first document at the smallest and largest n. */
    @Override
    public Gate gate() {
        int smallest = config.contextSizes().stream().min(Integer::compare).orElseThrow();
        int largest = config.contextSizes().stream().max(Integer::compare).orElseThrow();
        // the largest size is checked where it fits; else the largest that does (its cells are refused anyway)
        List<Integer> sorted = config.contextSizes().stream().sorted().toList();
        for (int i = sorted.size() - 1; i > 0 && !gateFits(sorted.get(i)); i--) {
            largest = sorted.get(i - 1);
        }
        BertEncoder full = new BertEncoder(model.weights(), Attentions.full(plugins, shape.layers()));
        List<GateCheck> checks = new ArrayList<>();
        for (int n : smallest == largest ? List.of(smallest) : List.of(smallest, largest)) {
            int[] ids = model.documents(n, 1).get(0);
            int[] types = new int[n];
            HiddenStateComparison cmp = new HiddenStateComparison(full.forward(ids, types, null), reference.run(ids, types), n, shape.hidden());
            boolean ok = Gate.passes(cmp.tokenCosineMin(), cmp.maxAbsError());
            checks.add(new GateCheck(n, cmp.tokenCosineMin(), cmp.maxAbsError(), ok));
        }
        return new Gate(checks.stream().allMatch(GateCheck::passed), Gate.MIN_TOKEN_COSINE, Gate.MAX_ABS_ERROR, checks);
    }

    @Override
    public void prepare(int n) {
        MemoryBudget.Estimate shared = CellMemory.modelShared(weightBytes, shape.hidden(), shape.heads(), shape.intermediate(), n, documents);
        String refusal = memory.refusal("n=" + n + " (the documents and the ONNX Runtime reference)", shared,
                "smaller contextSizes, fewer corpus.documents, or a machine with more memory");
        if (refusal != null) {
            throw new MemoryRefusedException(refusal);
        }
        docs = model.documents(n, documents);
        typeIds = new int[n];
        referenceOut = new float[docs.size()][];
        for (int d = 0; d < docs.size(); d++) {
            referenceOut[d] = reference.run(docs.get(d), typeIds);
        }
        prepareRetrieval();
        taskSets = taskSetsAt(n);
        if (!taskSets.isEmpty() && !referenceTasks.containsKey(n)) {
            scoreReferenceTasks(n, taskSets);
        }
        recordDiagnostics(n);
    }

    private void recordDiagnostics(int n) {
        diagnostics = null;
        if (config.diagnosticsEnabled()) {
            progress.note("diagnostics reference at n=" + n);
            if (diagnosticsReference == null) {
                diagnosticsReference = new BertEncoder(model.weights(), Attentions.full(plugins, shape.layers()));
            }
            int count = Math.min(config.diagnostics().documents(), docs.size());
            diagnostics = LayerDiagnostics.record(diagnosticsReference, docs.subList(0, count), typeIds);
        }
    }

    /**
     * The cell's cost and diagnostics without its accuracy: what an engine that measures the accuracy of a
     * cell's documents elsewhere (in other tasks) times on one machine. Computes no reference output: the
     * reference is only timed, interleaved with the variant, on the task's documents.
     */
    public ChunkResult timing(CellTask task) {
        int n = task.contextSize();
        if (docs == null || typeIds.length != n) {
            docs = model.documents(n, documents);
            typeIds = new int[n];
            referenceOut = null;
            recordDiagnostics(n);
        }
        int first = task.firstDocument();
        int end = first + task.documents();
        if (end > docs.size()) {
            throw new IllegalArgumentException("documents " + first + ".." + (end - 1) + " asked for, the cell has " + docs.size());
        }
        List<Attention> attentions = Attentions.perLayer(plugins, task.variant(), shape.layers());
        BertEncoder encoder = new BertEncoder(model.weights(), attentions);
        Cost cost = cost(encoder, attentions, n, first, end);
        CellDiagnostics cellDiagnostics = diagnostics == null || first != 0 ? null : diagnostics.measure(encoder, attentions);
        return new ChunkResult(task, List.of(), cost, cellDiagnostics, null);
    }

    /**
     * One document's accuracy: the variant's hidden states {@code out} against the reference's {@code referenceOut};
     * without the retrieval test's embeddings (an engine that measures documents elsewhere adds them itself).
     */
    public static DocumentAccuracy documentAccuracy(int document, float[] out, float[] referenceOut, int n, int hidden) {
        HiddenStateComparison cmp = new HiddenStateComparison(out, referenceOut, n, hidden);
        return new DocumentAccuracy(document, cmp.tokenCosineMean(), cmp.tokenCosineMin(), cmp.relL2(), cmp.maxAbsError(),
                cmp.embeddingCosine(), null);
    }

    /**
     * The retrieval test's inputs at this size (see {@link org.attentionlab.runners.config.RetrievalSpec}): each
     * document split into its first sentence and the rest, and the reference's embeddings of both, shared by
     * every variant. Untimed.
     */
    private void prepareRetrieval() {
        if (!config.retrievalRuns()) {
            queries = null;
            return;
        }
        progress.note("retrieval queries and passages at n=" + typeIds.length);
        java.util.Set<Integer> ends = model.sentenceEnds();
        int count = docs.size();
        queries = new int[count][];
        passages = new int[count][];
        referenceQueries = new float[count][];
        referencePassages = new float[count][];
        for (int d = 0; d < count; d++) {
            int[] ids = docs.get(d);
            int q = PassageRetrieval.queryLength(ids, ends);
            queries[d] = PassageRetrieval.span(ids, 0, q);
            passages[d] = PassageRetrieval.span(ids, q, ids.length - 2);
            referenceQueries[d] = embed(reference.run(queries[d], new int[queries[d].length]), queries[d].length);
            referencePassages[d] = embed(reference.run(passages[d], new int[passages[d].length]), passages[d].length);
        }
    }

    private float[] embed(float[] hidden, int tokens) {
        return Embeddings.meanPooledNormalised(hidden, tokens, shape.hidden());
    }

    @Override
    public void release() {
        queries = null;
        passages = null;
        referenceQueries = null;
        referencePassages = null;
        docs = null;
        referenceOut = null;
        diagnostics = null;
        taskSets = Map.of();
    }

    @Override
    public ChunkResult run(CellTask task) {
        int n = task.contextSize();
        if (docs == null || typeIds.length != n || referenceOut == null) {
            prepare(n);
        }
        int first = task.firstDocument();
        int end = first + task.documents();
        if (end > docs.size()) {
            throw new IllegalArgumentException("documents " + first + ".." + (end - 1) + " asked for, the cell has " + docs.size());
        }
        if (task.timed() && taskSets.isEmpty() && !config.tasksOrEmpty().isEmpty()) {
            taskSets = taskSetsAt(n);
        }
        List<Attention> attentions = Attentions.perLayer(plugins, task.variant(), shape.layers());
        BertEncoder encoder = new BertEncoder(model.weights(), attentions);
        List<DocumentAccuracy> accuracy = accuracy(encoder, n, first, end);
        Cost cost = task.timed() ? cost(encoder, attentions, n, first, end) : null;
        // After timing, untimed; the diagnostics documents are the cell's first ones.
        CellDiagnostics cellDiagnostics = diagnostics == null || first != 0 ? null : diagnostics.measure(encoder, attentions);
        // tasks are scored once per cell, by the timed chunk
        Map<String, TaskScore> tasks = task.timed() && !taskSets.isEmpty() ? variantTasks(encoder, taskSets) : null;
        return new ChunkResult(task, accuracy, cost, cellDiagnostics, null, tasks);
    }

    private List<DocumentAccuracy> accuracy(BertEncoder encoder, int n, int first, int end) {
        List<DocumentAccuracy> values = new ArrayList<>(end - first);
        for (int d = first; d < end; d++) {
            float[] out = encoder.forward(docs.get(d), typeIds, null);
            HiddenStateComparison cmp = new HiddenStateComparison(out, referenceOut[d], n, shape.hidden());
            DocumentAccuracy.RetrievalEmbeddings retrieval = queries == null ? null : new DocumentAccuracy.RetrievalEmbeddings(
                    embed(encoder.forward(queries[d], new int[queries[d].length], null), queries[d].length),
                    embed(encoder.forward(passages[d], new int[passages[d].length], null), passages[d].length),
                    referenceQueries[d], referencePassages[d]);
            values.add(new DocumentAccuracy(d, cmp.tokenCosineMean(), cmp.tokenCosineMin(), cmp.relL2(), cmp.maxAbsError(),
                    cmp.embeddingCosine(), retrieval));
        }
        return values;
    }

    /** Latency on the chunk's documents (the first for warm-up, then each in turn), interleaved with the reference. */
    private Cost cost(BertEncoder encoder, List<Attention> attentions, int n, int first, int end) {
        // an experiment that runs its tasks alone has no agreement documents: one corpus document of n tokens is timed
        List<int[]> docs = this.docs.isEmpty() ? model.documents(n, 1) : this.docs;
        if (this.docs.isEmpty()) {
            first = 0;
            end = 1;
        }
        int[] firstDoc = docs.get(first);
        WarmUp.run(config.measure().warmup(), () -> {
            encoder.forward(firstDoc, typeIds, null);
            reference.run(firstDoc, typeIds);
        });
        int reps = config.measure().repetitions();
        int count = end - first;
        LatencySamples samples = new LatencySamples(reps);
        AttentionClock clock = new AttentionClock();
        double[] attentionMs = new double[reps];
        for (int r = 0; r < reps; r++) {
            int[] ids = docs.get(first + r % count);
            samples.measure(() -> encoder.forward(ids, typeIds, null, null, clock), () -> reference.run(ids, typeIds));
            attentionMs[r] = clock.lastAttentionMs();
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
        // attention GFLOP/s over the attention stages' own time inside these forwards, not the whole forward's
        return samples.cost(n, flops, scratch, reps == 0 ? null : org.attentionlab.runners.metrics.Stats.median(attentionMs),
                KeysCounter.count(attentions, n, false));
    }
}
