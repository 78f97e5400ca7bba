package org.attentionlab.runners.execute;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionCost;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.TaskSpec;
import org.attentionlab.runners.memory.MemoryBudget;
import org.attentionlab.runners.memory.MemoryRefusedException;
import org.attentionlab.runners.metrics.HiddenStateComparison;
import org.attentionlab.runners.metrics.NextTokenComparison;
import org.attentionlab.runners.plan.CellTask;
import org.attentionlab.runners.results.Cost;
import org.attentionlab.runners.results.Gate;
import org.attentionlab.runners.results.GateCheck;
import org.attentionlab.runners.results.ModelRecord;
import org.attentionlab.runners.results.SizeTasks;
import org.attentionlab.runners.results.TaskScore;
import org.attentionlab.runners.tasks.Recall;
import org.attentionlab.runners.tasks.TaskScorer;

/**
 * A causal language model's sweep: the Java decoder with each variant against ONNX Runtime running the same
 * export, on the same token ids. Per document, the next-token distributions of the first n tokens are compared
 * ({@link NextTokenComparison}); with {@code decode: { tokens: T }} the next T tokens are then decoded one at a
 * time with the variant's KV cache (teacher-forced) and compared with the reference's full-cache decode. Cost:
 * the whole forward over n tokens interleaved with ONNX Runtime's, then the prefill and the decode steps
 * interleaved with ONNX Runtime with past (when the export has past inputs).
 *
 * <p>With {@code tasks:} (recall, see {@link Recall}) each variant's timed chunk also scores the task's sequences through
 * the Java decoder with the variant's attention, and the reference's scores (ONNX Runtime, full attention) are taken
 * once per size, untimed. An experiment that runs its tasks alone has no corpus documents: its gate and its timing
 * run on the first task sequence of n tokens.
 */
public final class DecoderWorkload implements Workload {

    private final ExperimentConfig config;
    private final PluginRegistry plugins;
    private final SweepProgress progress;
    private final LoadedDecoder model;
    private final CausalLm lm;
    private final CausalLm.Reference reference;
    private final ModelRecord shape;
    private final int documents;
    private final int decodeTokens;
    private MemoryBudget memory = MemoryBudget.ofThisJvm();
    private int preparedSize = -1;
    private List<int[]> docs;
    private float[][] referenceLogits;
    private float[][] referenceDecode;
    /** The recall sequences at the size prepared, by task label. */
    private Map<String, List<Recall.Sequence>> taskSets = Map.of();
    private final Map<Integer, Map<String, TaskScore>> referenceTasks = new TreeMap<>();

    public DecoderWorkload(ExperimentConfig config, PluginRegistry plugins, LoadedDecoder model, SweepProgress progress) {
        this.config = config;
        this.plugins = plugins;
        this.progress = progress;
        this.model = model;
        this.lm = model.lm();
        this.shape = lm.shape();
        this.reference = lm.reference(config.measure().threads());
        this.documents = config.corpus().documents();
        this.decodeTokens = config.decodeTokens();
    }

    @Override
    public RunFacts facts() {
        RunFacts facts = facts(config, model);
        if (config.tasksOrEmpty().isEmpty()) {
            return facts;
        }
        for (int n : config.contextSizes()) {
            if (!referenceTasks.containsKey(n)) {
                scoreReferenceTasks(n, taskSetsAt(n)); // a resumed run whose cells at n were all done before
            }
        }
        List<SizeTasks> reference = new ArrayList<>();
        referenceTasks.forEach((n, scores) -> reference.add(new SizeTasks(n, scores)));
        return facts.withTasks(reference, null);
    }

    /** The tasks' sequences at size n, by label, in the config's order. */
    private Map<String, List<Recall.Sequence>> taskSetsAt(int n) {
        Map<String, List<Recall.Sequence>> sets = new java.util.LinkedHashMap<>();
        for (TaskSpec spec : config.tasksOrEmpty()) {
            sets.put(spec.label(), Recall.generate(spec, n));
        }
        return sets;
    }

    /** The reference's task scores at n: ONNX Runtime, full attention. Untimed. */
    private void scoreReferenceTasks(int n, Map<String, List<Recall.Sequence>> sets) {
        progress.note("task references at n=" + n);
        Map<String, TaskScore> scores = new java.util.LinkedHashMap<>();
        for (TaskSpec spec : config.tasksOrEmpty()) {
            scores.put(spec.label(), TaskScorer.recall(spec, sets.get(spec.label()), reference::logits));
        }
        referenceTasks.put(n, scores);
    }

    /** The variant's scores on every task of {@code sets}. */
    private Map<String, TaskScore> variantTasks(CausalLm.Decoder decoder, Map<String, List<Recall.Sequence>> sets) {
        Map<String, TaskScore> scores = new java.util.LinkedHashMap<>();
        for (TaskSpec spec : config.tasksOrEmpty()) {
            scores.put(spec.label(), TaskScorer.recall(spec, sets.get(spec.label()), decoder::logits));
        }
        return scores;
    }

    /**
     * The variant's scores on every task at the task's size, in a task of their own: what an engine that scores a cell's
     * tasks apart from its documents and its timing (Spark) calls; the same sequences and forwards as the timed chunk
     * of {@link #run}.
     */
    public Map<String, TaskScore> variantTasks(CellTask task) {
        int n = task.contextSize();
        Map<String, List<Recall.Sequence>> sets = preparedSize == n ? taskSets : taskSetsAt(n);
        return variantTasks(lm.decoder(Attentions.perLayer(plugins, task.variant(), shape.layers())), sets);
    }

    /** The reference's task scores at n, computed on first use and kept (an engine that scores them apart from the cells). */
    public SizeTasks referenceTasks(int n) {
        if (!referenceTasks.containsKey(n)) {
            scoreReferenceTasks(n, preparedSize == n ? taskSets : taskSetsAt(n));
        }
        return new SizeTasks(n, referenceTasks.get(n));
    }

    /**
     * The ids the gate and the timing run on at n: the first corpus document's first n, or, for an experiment that runs
     * its tasks alone, the first task sequence.
     */
    private int[] firstIds(int n) {
        if (documents == 0) {
            return Recall.generate(config.tasksOrEmpty().get(0), n).get(0).ids();
        }
        return prefix(model.documents(n + decodeTokens, 1, why(n)).get(0), n);
    }

    /**
     * A decoder run's facts, whichever engine ran its cells: the model's shape, the documents' lines at the largest
     * size, and a note when the export has no past inputs to time ONNX Runtime's decode with.
     */
    public static RunFacts facts(ExperimentConfig config, LoadedDecoder model) {
        int largest = config.contextSizes().stream().max(Integer::compare).orElseThrow();
        int decodeTokens = config.decodeTokens();
        int documents = config.corpus().documents();
        List<String> notes = new ArrayList<>();
        if (documents == 0) {
            return new RunFacts(null, null, notes, model.lm().shape()); // the tasks alone: no corpus documents read
        }
        if (decodeTokens > 0 && !model.lm().reference(config.measure().threads()).hasPast()) {
            notes.add("the export has no past inputs: ONNX Runtime's decode is not timed (it would recompute the prefix at every "
                    + "step), and the decoded positions are compared with its logits over the whole sequence, which a full-cache "
                    + "decode equals; export with past (optimum-cli export onnx --task text-generation-with-past) to time it");
        }
        return new RunFacts(null, model.coverage(largest, largest + decodeTokens, documents), notes, model.lm().shape());
    }

    /** The first {@code n} ids of a document: the prompt. */
    private static int[] prefix(int[] doc, int n) {
        return Arrays.copyOf(doc, n);
    }

    private String why(int n) {
        return "n=" + n + (decodeTokens > 0 ? " and decode.tokens " + decodeTokens : "");
    }

    /**
     * Full attention in every layer against the reference's logits on the first document (with tasks alone, the first
     * task sequence) at the smallest and largest n.
     */
    @Override
    public Gate gate() {
        List<Integer> sorted = config.contextSizes().stream().sorted().toList();
        int smallest = sorted.get(0);
        int largest = sorted.get(sorted.size() - 1);
        for (int i = sorted.size() - 1; i > 0 && refusal(sorted.get(i), 1, Attentions.full(plugins, shape.layers())) != null; i--) {
            largest = sorted.get(i - 1); // the largest size that fits; the cells of larger ones are refused anyway
        }
        CausalLm.Decoder full = lm.decoder(Attentions.full(plugins, shape.layers()));
        List<GateCheck> checks = new ArrayList<>();
        for (int n : smallest == largest ? List.of(smallest) : List.of(smallest, largest)) {
            int[] ids = firstIds(n);
            HiddenStateComparison cmp = new HiddenStateComparison(full.logits(ids), reference.logits(ids), n, shape.vocab());
            checks.add(new GateCheck(n, cmp.tokenCosineMin(), cmp.maxAbsError(), Gate.passes(cmp.tokenCosineMin(), cmp.maxAbsError())));
        }
        return new Gate(checks.stream().allMatch(GateCheck::passed), Gate.MIN_TOKEN_COSINE, Gate.MAX_ABS_ERROR, checks);
    }

    /**
     * Peak memory of a cell at size n over {@code docCount} documents: the weights, the reference's logits kept for
     * every document (n x vocab, and T x vocab decoded), the variant's logits of one document, the KV cache of one
     * decoding, and the attention scratch.
     */
    private String refusal(int n, int docCount, List<Attention> attentions) {
        long logitRow = 4L * shape.vocab();
        long kept = docCount * logitRow * (n + decodeTokens);
        long perDocument = 2 * logitRow * (n + decodeTokens) + 8L * shape.layers() * shape.kvHeads() * lm.dHead() * (n + decodeTokens);
        long scratch = 0;
        AttentionShape s = new AttentionShape(n, shape.heads(), lm.dHead(), true);
        java.util.Set<Attention> distinct = java.util.Collections.newSetFromMap(new java.util.IdentityHashMap<>());
        for (Attention a : attentions) {
            if (distinct.add(a)) {
                scratch += a.cost(s).scratchBytes();
            }
        }
        return memory.refusal("n=" + n, new MemoryBudget.Estimate(lm.weightBytes(), kept + perDocument, scratch, logitRow * n),
                "smaller contextSizes, fewer corpus.documents, or a machine with more memory");
    }

    @Override
    public String memoryRefusal(CellTask task) {
        return refusal(task.contextSize(), documents, Attentions.perLayer(plugins, task.variant(), shape.layers()));
    }

    @Override
    public void prepare(int n) {
        String refusal = refusal(n, documents, List.of());
        if (refusal != null) {
            throw new MemoryRefusedException(refusal);
        }
        docs = documents == 0 ? List.of() : model.documents(n + decodeTokens, documents, why(n));
        referenceLogits = new float[docs.size()][];
        referenceDecode = new float[docs.size()][];
        for (int d = 0; d < docs.size(); d++) {
            int[] doc = docs.get(d);
            referenceLogits[d] = reference.logits(prefix(doc, n));
            if (decodeTokens > 0) {
                referenceDecode[d] = reference.hasPast() ? referenceSteps(doc, n) : lastRows(reference.logits(doc), n, decodeTokens);
            }
        }
        taskSets = taskSetsAt(n);
        if (!taskSets.isEmpty() && !referenceTasks.containsKey(n)) {
            scoreReferenceTasks(n, taskSets);
        }
        preparedSize = n;
    }

    /** The reference's own KV-cache decode of the document's tokens n..n+T-1 after the prompt: T x vocab logits. */
    private float[] referenceSteps(int[] doc, int n) {
        float[] out = new float[decodeTokens * shape.vocab()];
        try (CausalLm.Session session = reference.startDecode(n + decodeTokens)) {
            session.prefill(prefix(doc, n));
            for (int t = 0; t < decodeTokens; t++) {
                System.arraycopy(session.step(doc[n + t]), 0, out, t * shape.vocab(), shape.vocab());
            }
        }
        return out;
    }

    /** Rows from..from+count-1 of row-major logits. */
    private float[] lastRows(float[] logits, int from, int count) {
        return Arrays.copyOfRange(logits, from * shape.vocab(), (from + count) * shape.vocab());
    }

    @Override
    public void release() {
        docs = null;
        referenceLogits = null;
        referenceDecode = null;
        taskSets = Map.of();
        preparedSize = -1;
    }

    /**
     * The cell's cost alone, timed on the task's documents: what an engine that measures the accuracy of a cell's
     * documents in other tasks times on one machine.
     */
    public ChunkResult timing(CellTask task) {
        int n = task.contextSize();
        if (preparedSize != n) {
            prepare(n);
        }
        int first = task.firstDocument();
        int end = first + task.documents();
        List<Attention> attentions = Attentions.perLayer(plugins, task.variant(), shape.layers());
        return new ChunkResult(task, List.of(), cost(lm.decoder(attentions), attentions, n, first, end), null, null);
    }

    @Override
    public ChunkResult run(CellTask task) {
        int n = task.contextSize();
        if (preparedSize != n) {
            prepare(n);
        }
        int first = task.firstDocument();
        int end = first + task.documents();
        if (end > docs.size()) {
            throw new IllegalArgumentException("documents " + first + ".." + (end - 1) + " asked for, the cell has " + docs.size());
        }
        List<Attention> attentions = Attentions.perLayer(plugins, task.variant(), shape.layers());
        CausalLm.Decoder decoder = lm.decoder(attentions);
        List<DocumentAccuracy> accuracy = new ArrayList<>(end - first);
        for (int d = first; d < end; d++) {
            accuracy.add(DocumentAccuracy.ofNextToken(d, documentAccuracy(decoder, d, n)));
        }
        Cost cost = task.timed() ? cost(decoder, attentions, n, first, end) : null;
        // tasks are scored once per cell, by the timed chunk
        Map<String, TaskScore> tasks = task.timed() && !taskSets.isEmpty() ? variantTasks(decoder, taskSets) : null;
        return new ChunkResult(task, accuracy, cost, null, null, tasks);
    }

    /** One document: its prompt's next-token distributions, and (with decode) its T decoded positions, against the reference's. */
    private NextTokenAccuracy documentAccuracy(CausalLm.Decoder decoder, int d, int n) {
        int[] doc = docs.get(d);
        int[] ids = prefix(doc, n);
        NextTokenComparison prompt = NextTokenComparison.ofPredictedPositions(decoder.logits(ids), referenceLogits[d], shape.vocab(), ids);
        NextTokenComparison decoded = null;
        if (decodeTokens > 0) {
            float[] steps = new float[decodeTokens * shape.vocab()];
            try (CausalLm.Session session = decoder.startDecode(n + decodeTokens)) {
                session.prefill(ids);
                for (int t = 0; t < decodeTokens; t++) {
                    System.arraycopy(session.step(doc[n + t]), 0, steps, t * shape.vocab(), shape.vocab());
                }
            }
            int[] noTargets = new int[decodeTokens];
            Arrays.fill(noTargets, -1);
            decoded = new NextTokenComparison(steps, referenceDecode[d], shape.vocab(), noTargets);
        }
        return NextTokenAccuracy.of(prompt, decoded);
    }

    /**
     * The forward over n tokens interleaved with ONNX Runtime's (as an encoder's cell is timed); then, with decode, the
     * prefill and the T steps interleaved with ONNX Runtime with past when the export has past inputs.
     */
    private Cost cost(CausalLm.Decoder decoder, List<Attention> attentions, int n, int first, int end) {
        // an experiment that runs its tasks alone has no corpus documents: its first task sequence is timed
        List<int[]> docs = this.docs.isEmpty() ? List.of(firstIds(n)) : this.docs;
        if (this.docs.isEmpty()) {
            first = 0;
            end = 1;
        }
        int[] firstIds = prefix(docs.get(first), n);
        int reps = config.measure().repetitions();
        int count = end - first;
        WarmUp.run(config.measure().warmup(), () -> {
            decoder.logits(firstIds);
            reference.logits(firstIds);
        });
        LatencySamples samples = new LatencySamples(reps);
        for (int r = 0; r < reps; r++) {
            int[] ids = prefix(docs.get(first + r % count), n);
            samples.measure(() -> decoder.logits(ids), () -> reference.logits(ids));
        }
        AttentionShape attentionShape = new AttentionShape(n, shape.heads(), lm.dHead(), true);
        long flops = 0;
        long scratch = 0;
        Map<Attention, AttentionCost> seen = new HashMap<>();
        for (Attention a : attentions) {
            AttentionCost c = seen.computeIfAbsent(a, x -> x.cost(attentionShape));
            flops += c.flops();
            scratch = Math.max(scratch, c.scratchBytes());
        }
        Cost cost = samples.cost(n, flops, scratch, null, null); // whole-forward GFLOP/s; no per-query key count for decoders
        if (decodeTokens == 0) {
            return cost;
        }
        DecodeSamples decode = new DecodeSamples(reps, decodeTokens);
        int[] firstDoc = docs.get(first);
        WarmUp.run(config.measure().warmup(), () -> {
            decode.untimed(decoder, firstDoc, n);
            if (reference.hasPast()) {
                decode.untimed(reference, firstDoc, n);
            }
        });
        for (int r = 0; r < reps; r++) {
            decode.measure(decoder, reference.hasPast() ? reference : null, docs.get(first + r % count), n);
        }
        return cost.withDecode(decode.cost());
    }

    /** A budget other than this JVM's (tests). */
    void budget(MemoryBudget budget) {
        this.memory = budget;
    }
}
