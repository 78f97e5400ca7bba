package org.attentionlab.cluster;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.UnaryOperator;
import org.attentionlab.core.error.UserFacingException;
import org.attentionlab.core.model.BertEncoder;
import org.attentionlab.core.plugin.PluginJar;
import org.attentionlab.core.plugin.PluginPathEntry;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.core.reference.OnnxReference;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.runners.config.CorpusSpec;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.ReferenceSpec;
import org.attentionlab.runners.config.TaskSpec;
import org.attentionlab.runners.execute.Attentions;
import org.attentionlab.runners.execute.ChunkResult;
import org.attentionlab.runners.execute.DecoderWorkload;
import org.attentionlab.runners.execute.DocumentAccuracy;
import org.attentionlab.runners.execute.LoadedModel;
import org.attentionlab.runners.execute.ModelWorkload;
import org.attentionlab.runners.execute.SweepProgress;
import org.attentionlab.runners.metrics.Embeddings;
import org.attentionlab.runners.metrics.PassageRetrieval;
import org.attentionlab.runners.plan.CellTask;
import org.attentionlab.runners.results.Gate;
import org.attentionlab.runners.results.SizeTasks;
import org.apache.spark.SparkEnv;
import org.apache.spark.SparkFiles;
import org.attentionlab.runners.memory.MemoryBudget;

/**
 * One model as an executor JVM holds it, shared by every task of a run that runs there: the weights, one
 * ONNX Runtime session, the documents per context size and the reference's output (and, when the retrieval
 * test runs, its query and passage embeddings) per (size, document), each computed once, by whichever task
 * needs it first. Accuracy tasks run concurrently (one per task
 * slot); timing tasks and the gate take {@link #timingLock}, one at a time.
 */
final class ExecutorModel {

    private final ExperimentConfig config;
    private final PluginRegistry plugins;
    private final LoadedModel model;
    private final OnnxReference reference;
    private final ModelWorkload workload;
    private final Map<Integer, List<int[]>> documents = new ConcurrentHashMap<>();
    /** Reference outputs of the sizes in use; keyed by n, then document. Only the current sizes are kept. */
    private final Map<Integer, Map<Integer, float[]>> referenceOut = new ConcurrentHashMap<>();
    private final Object timingLock = new Object();
    /** The reference's query and passage embeddings of the retrieval test; keyed by n, then document. */
    private final Map<Integer, Map<Integer, float[][]>> referenceEmbeddings = new ConcurrentHashMap<>();
    private final java.util.Set<Integer> sentenceEnds;
    /** This JVM's heap and machine; a test may put a smaller one in. */
    private volatile MemoryBudget budget = MemoryBudget.ofThisJvm();
    /** How many tasks of the run this JVM may run at once: its cores over {@code spark.task.cpus}. */
    private final int slots;

    /** The end of a memory refusal on an executor: what to change there. */
    static final String ADVICE = "use algorithm: tiled for full attention, fewer threads (measure.threads), smaller contextSizes, "
            + "fewer tasks per executor (spark.executor.cores) or a bigger executor heap (spark.executor.memory; "
            + "for a local master, ATTNLAB_JAVA_OPTS=-Xmx<size>)";

    /**
     * A causal language model's measuring on this executor, or null for an encoder: its prepared size and reference
     * logits are one state, so its tasks in this JVM run one at a time (under {@link #timingLock}).
     */
    private final DecoderWorkload decoder;

    private ExecutorModel(ExperimentConfig config, PluginRegistry plugins, LoadedModel model) {
        this.config = config;
        this.plugins = plugins;
        this.model = model;
        this.decoder = model.causal() ? new DecoderWorkload(config, plugins, model.decoder(), SweepProgress.SILENT) : null;
        this.reference = model.causal() ? null : model.reference(config.measure().threads());
        this.workload = model.causal() ? null : new ModelWorkload(config, plugins, model, SweepProgress.SILENT);
        this.sentenceEnds = model.causal() ? null : model.sentenceEnds();
        this.slots = Math.max(1, executorCores() / config.measure().threads());
    }

    /** The cores of this executor: N for {@code local[N]}, else {@code spark.executor.cores}, else this machine's. */
    static int executorCores() {
        int machine = Runtime.getRuntime().availableProcessors();
        SparkEnv env = SparkEnv.get();
        if (env == null) {
            return machine;
        }
        String master = env.conf().get("spark.master", "");
        java.util.regex.Matcher local = java.util.regex.Pattern.compile("local(?:\\[(\\d+|\\*)(?:,\\d+)?])?").matcher(master);
        if (local.matches()) {
            return local.group(1) == null ? 1 : local.group(1).equals("*") ? machine : Integer.parseInt(local.group(1));
        }
        return env.conf().getInt("spark.executor.cores", machine);
    }

    void budget(MemoryBudget other) {
        this.budget = other;
    }

    /**
     * Null when the task fits this JVM's heap and machine (the estimate of {@link ModelWorkload#memoryRefusal},
     * with {@code concurrent} such tasks at once), else the one line of the refusal, naming this host.
     */
    private String memoryRefusal(CellTask task, int concurrent) {
        String refusal = decoder != null ? decoder.memoryRefusal(task) : workload.memoryRefusal(task, budget, concurrent, ADVICE);
        return refusal == null ? null : "on host " + ExecutorTasks.host() + ": " + refusal;
    }

    /**
     * Loads the run's model on this executor. A user file (export, tokenizer, corpus) is read where the
     * config says (a shared filesystem) or, failing that, from Spark's file distribution
     * ({@code spark.files}); when neither has it the task fails with one line naming this host and the path.
     */
    static ExecutorModel open(RunSpec spec) {
        ExperimentConfig config = onThisHost(Wire.read(spec.configJson(), ExperimentConfig.class), ExecutorModel::local);
        checkTaskFolders(config);
        Parallel.setThreads(config.measure().threads());
        LoadedModel model = LoadedModel.open(config); // the same position extension as the driver's
        String sha = model.sha256();
        if (!sha.equals(spec.modelSha256())) {
            model.close();
            throw new UserFacingException("on host " + ExecutorTasks.host() + ": " + config.reference().displayName()
                    + " differs from the driver's copy (sha256 " + sha.substring(0, 12) + " vs " + spec.modelSha256().substring(0, 12) + ")");
        }
        try {
            return new ExecutorModel(config, plugins(spec), model);
        } catch (RuntimeException e) {
            model.close();
            throw e;
        }
    }

    /**
     * The driver's plugins, loaded again here: each plugin path entry where the driver had it (a shared filesystem)
     * or, failing that, from the copies Spark shipped ({@code spark.files}: a jar under its name, a folder's jars
     * gathered into a folder again); each jar must have the driver's SHA-256, or the task fails in one line.
     */
    static PluginRegistry plugins(RunSpec spec) {
        if (spec.pluginPath().isEmpty()) {
            return PluginRegistry.load();
        }
        PluginJar[] driverJars = Wire.read(spec.pluginJars(), PluginJar[].class);
        List<PluginPathEntry> entries = new ArrayList<>();
        for (String entry : spec.pluginPath()) {
            entries.add(new PluginPathEntry(entryOnThisHost(Path.of(entry), driverJars), "the driver's plugin path"));
        }
        PluginRegistry registry = PluginRegistry.load(entries);
        for (PluginJar mine : registry.jars()) {
            String name = Path.of(mine.path()).getFileName().toString();
            for (PluginJar theirs : driverJars) {
                if (Path.of(theirs.path()).getFileName().toString().equals(name) && !theirs.sha256().equals(mine.sha256())) {
                    throw new UserFacingException("on host " + ExecutorTasks.host() + ": plugin jar " + mine.path()
                            + " differs from the driver's " + theirs.path() + " (sha256 " + mine.sha256().substring(0, 12) + " vs "
                            + theirs.sha256().substring(0, 12) + ")");
                }
            }
        }
        return registry;
    }

    /** The entry itself if this host has it, else its shipped copy (a folder's jars linked into a folder of their own). */
    private static Path entryOnThisHost(Path entry, PluginJar[] driverJars) {
        if (Files.exists(entry)) {
            return entry;
        }
        boolean folder = java.util.Arrays.stream(driverJars).noneMatch(j -> Path.of(j.path()).equals(entry));
        if (!folder) {
            return Path.of(local(entry.toString()));
        }
        try {
            Path gathered = Files.createDirectories(Path.of(SparkFiles.getRootDirectory(), "attnlab-plugins", Integer.toHexString(entry.hashCode())));
            for (PluginJar jar : driverJars) {
                Path p = Path.of(jar.path());
                if (entry.equals(p.getParent()) && !Files.exists(gathered.resolve(p.getFileName()))) {
                    Files.createSymbolicLink(gathered.resolve(p.getFileName()), Path.of(local(jar.path())));
                }
            }
            return gathered;
        } catch (java.io.IOException e) {
            throw new UserFacingException("on host " + ExecutorTasks.host() + ": cannot gather the plugin folder " + entry + ": " + e.getMessage());
        }
    }

    /**
     * The driver's config with each user file (export, tokenizer, corpus) at the path this host reads it
     * from ({@code local}); every other setting, {@code corpus.allowRepeats} and the position extension
     * included, exactly as the driver resolved it.
     */
    static ExperimentConfig onThisHost(ExperimentConfig config, UnaryOperator<String> local) {
        ReferenceSpec r = config.reference();
        if (!r.isBuiltIn()) {
            // a causal language model run on token ids has no tokenizer
            r = r.withFiles(local.apply(r.onnx()), r.tokenizer() == null ? null : local.apply(r.tokenizer()));
        }
        CorpusSpec c = config.corpus();
        if (c.file() != null) {
            c = c.withFile(local.apply(c.file()));
        }
        if (c.tokens() != null) {
            c = c.withTokens(local.apply(c.tokens()));
        }
        return config.withInputs(r, c);
    }

    /**
     * A labelled set a task reads by path (retrieval) must be a folder at the driver's path on this host too: Spark
     * ships files, not folders, so unlike a model or corpus file there is no shipped copy to fall back on. Else one
     * line naming this host, the folder and the task, before the model loads.
     */
    static void checkTaskFolders(ExperimentConfig config) {
        for (TaskSpec task : config.tasksOrEmpty()) {
            if (task.path() != null && !Files.isDirectory(Path.of(task.path()))) {
                throw new UserFacingException("on host " + ExecutorTasks.host() + ": missing folder " + task.path() + " of task " + task.label()
                        + " (a labelled set must be at the same path on every executor, on a shared filesystem: spark.files ships files, not folders)");
            }
        }
    }

    /** {@code path} if this host has it, else the copy Spark shipped under its file name, else a one-line failure. */
    private static String local(String path) {
        if (Files.isRegularFile(Path.of(path))) {
            return path;
        }
        try {
            String shipped = SparkFiles.get(Path.of(path).getFileName().toString());
            if (Files.isRegularFile(Path.of(shipped))) {
                return shipped;
            }
        } catch (RuntimeException e) {
            // no SparkEnv (not on an executor): only the path itself counts
        }
        throw new UserFacingException("on host " + ExecutorTasks.host() + ": missing file " + path
                + " (put user files on a shared filesystem or ship them with --files / spark.files)");
    }

    Gate gate() {
        synchronized (timingLock) {
            return decoder != null ? decoder.gate() : workload.gate();
        }
    }

    /** The cell's cost and diagnostics, measured while no other timing task of this JVM runs. */
    ChunkResult timing(CellTask task) {
        synchronized (timingLock) {
            String refusal = memoryRefusal(task, 1); // timed alone
            return refusal != null ? ChunkResult.failed(task, refusal) : decoder != null ? decoder.timing(task) : workload.timing(task);
        }
    }

    /**
     * The variant's scores on the experiment's tasks at the task's size, in a task of their own (tasks are scored once
     * per cell, on the same inputs as the local engine's timed chunk). An encoder's run beside the accuracy tasks; a
     * decoder's, whose state is one, under {@link #timingLock}.
     */
    ChunkResult tasks(CellTask task) {
        String refusal = memoryRefusal(task, slots);
        if (refusal != null) {
            return ChunkResult.failed(task, refusal);
        }
        if (decoder != null) {
            synchronized (timingLock) {
                return new ChunkResult(task, List.of(), null, null, null, decoder.variantTasks(task));
            }
        }
        return new ChunkResult(task, List.of(), null, null, null, workload.variantTasks(task));
    }

    /** The reference's (and for an extended encoder the truncation baseline's) task scores at size n. */
    TaskReferences taskReferences(int n) {
        if (decoder != null) {
            synchronized (timingLock) {
                return new TaskReferences(decoder.referenceTasks(n), null, null);
            }
        }
        SizeTasks[] both = workload.referenceAndTruncatedTasks(n);
        return new TaskReferences(both[0], both[1], null);
    }

    /** Per-document accuracy of one chunk; the reference outputs come from the cache (computed on first use). */
    ChunkResult accuracy(CellTask task) {
        String refusal = memoryRefusal(task, slots);
        if (refusal != null) {
            return ChunkResult.failed(task, refusal);
        }
        if (decoder != null) {
            synchronized (timingLock) {
                ChunkResult measured = decoder.run(new CellTask(task.variant(), task.contextSize(), task.firstDocument(), task.documents(), false));
                return new ChunkResult(task, measured.documents(), null, null, null);
            }
        }
        int n = task.contextSize();
        List<int[]> docs = documents(n);
        int end = task.firstDocument() + task.documents();
        if (end > docs.size()) {
            throw new IllegalArgumentException("documents " + task.firstDocument() + ".." + (end - 1) + " asked for, the cell has " + docs.size());
        }
        int[] typeIds = new int[n];
        int layers = model.shape().layers();
        BertEncoder encoder = new BertEncoder(model.weights(), Attentions.perLayer(plugins, task.variant(), layers));
        List<DocumentAccuracy> values = new ArrayList<>(task.documents());
        for (int d = task.firstDocument(); d < end; d++) {
            float[] ref = referenceOutput(n, d, docs.get(d), typeIds);
            float[] out = encoder.forward(docs.get(d), typeIds, null);
            DocumentAccuracy a = ModelWorkload.documentAccuracy(d, out, ref, n, model.shape().hidden());
            if (config.retrievalRuns()) {
                a = new DocumentAccuracy(d, a.tokenCosineMean(), a.tokenCosineMin(), a.relL2(), a.maxAbsError(), a.embeddingCosine(),
                        retrieval(encoder, n, d, docs.get(d)));
            }
            values.add(a);
        }
        return new ChunkResult(task, values, null, null, null);
    }

    /**
     * The retrieval test's embeddings of one document, as the local engine computes them: its first sentence
     * (query) and the rest (passage), embedded by the variant and by the reference (cached per size and document).
     */
    private DocumentAccuracy.RetrievalEmbeddings retrieval(BertEncoder encoder, int n, int document, int[] ids) {
        int q = PassageRetrieval.queryLength(ids, sentenceEnds);
        int[] query = PassageRetrieval.span(ids, 0, q);
        int[] passage = PassageRetrieval.span(ids, q, ids.length - 2);
        float[][] reference = referenceEmbeddings.computeIfAbsent(n, size -> {
            referenceEmbeddings.keySet().removeIf(other -> other != size);
            return new ConcurrentHashMap<>();
        }).computeIfAbsent(document, d -> new float[][] {embed(this.reference.run(query, new int[query.length]), query.length),
                embed(this.reference.run(passage, new int[passage.length]), passage.length)});
        return new DocumentAccuracy.RetrievalEmbeddings(embed(encoder.forward(query, new int[query.length], null), query.length),
                embed(encoder.forward(passage, new int[passage.length], null), passage.length), reference[0], reference[1]);
    }

    private float[] embed(float[] hidden, int tokens) {
        return Embeddings.meanPooledNormalised(hidden, tokens, model.shape().hidden());
    }

    private List<int[]> documents(int n) {
        List<int[]> docs = documents.get(n);
        if (docs == null) {
            synchronized (documents) {
                docs = documents.computeIfAbsent(n, size -> model.documents(size, config.corpus().documents()));
            }
        }
        return docs;
    }

    private float[] referenceOutput(int n, int document, int[] ids, int[] typeIds) {
        Map<Integer, float[]> atSize = referenceOut.computeIfAbsent(n, size -> {
            // The driver runs one size at a time: what an earlier size kept is no longer needed.
            referenceOut.keySet().removeIf(other -> other != size);
            return new ConcurrentHashMap<>();
        });
        return atSize.computeIfAbsent(document, d -> reference.run(ids, typeIds));
    }
}
