package org.attentionlab.cluster;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.function.Consumer;
import org.apache.spark.api.java.JavaFutureAction;
import org.apache.spark.api.java.JavaSparkContext;
import org.attentionlab.core.error.UserFacingException;
import org.attentionlab.core.plugin.PluginJar;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.execute.CellAggregator;
import org.attentionlab.runners.execute.CellExecutor;
import org.attentionlab.runners.execute.ChunkResult;
import org.attentionlab.runners.execute.DocumentAccuracy;
import org.attentionlab.runners.execute.LoadedModel;
import org.attentionlab.runners.execute.LocalExecutor;
import org.attentionlab.runners.execute.RunFacts;
import org.attentionlab.runners.execute.SweepProgress;
import org.attentionlab.runners.plan.CellTask;
import org.attentionlab.runners.plan.PlannedCell;
import org.attentionlab.runners.plan.RunPlan;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.Gate;
import org.attentionlab.runners.results.SizeTasks;

/**
 * Runs a plan's cells on Spark, one context size at a time:
 * <ol>
 *   <li>accuracy: every cell of the size is split into tasks of {@code documentsPerTask} documents, all
 *       submitted at once (one job per cell), so every executor slot works; each executor computes the
 *       reference outputs of the documents it is given, once per JVM. With {@code tasks:}, each cell's task scores are
 *       one more task, and the size's reference (and truncation baseline) task scores one task, all submitted with the
 *       accuracy tasks; the same inputs and forwards as the local engine's, so the scores equal its;</li>
 *   <li>timing: then each cell's cost is measured by one task, one cell at a time, while nothing else of the
 *       run is running: a timed cell never shares a machine with another task of the run. The reference is
 *       timed interleaved with the variant, in that same task, as on the local engine.</li>
 * </ol>
 * The driver keys the per-document values by cell and document (a document answered twice counts once, a
 * missing one fails the cell) and hands each cell to the recorder once, when its timing is in.
 */
final class SparkExecutor implements CellExecutor {

    private final JavaSparkContext spark;
    private final RunSpec spec;
    private final ExperimentConfig config;
    private final SweepProgress progress;
    private final RunFacts facts;
    /** The reference's task scores per size, as the task-references tasks returned them (empty without tasks). */
    private final Map<Integer, SizeTasks> referenceTasks = new TreeMap<>();
    /** The truncation baseline's task scores per size (empty for a model that is not extended). */
    private final Map<Integer, SizeTasks> truncatedTasks = new TreeMap<>();

    private SparkExecutor(JavaSparkContext spark, RunSpec spec, ExperimentConfig config, SweepProgress progress, RunFacts facts) {
        this.spark = spark;
        this.spec = spec;
        this.config = config;
        this.progress = progress;
        this.facts = facts;
    }

    /** Connects to the plan's master (or starts embedded Spark) and waits for an executor. */
    /** A run with built-in plugins only. */
    static SparkExecutor start(RunPlan plan, LoadedModel model, SweepProgress progress) {
        return start(plan, null, model, progress);
    }

    /**
     * Starts Spark for the run. The plugin path's jars go to the executors with {@code spark.files} (not
     * {@code spark.jars}, which would put them on the executors' application class loader, outside the
     * plugin's own loader and its API version check, where ServiceLoader would find them a second time as
     * built in); each executor loads the same entries again ({@link ExecutorModel#open}).
     *
     * @param plugins the driver's plugins; null with built-in plugins only
     */
    static SparkExecutor start(RunPlan plan, PluginRegistry plugins, LoadedModel model, SweepProgress progress) {
        ExperimentConfig config = plan.config();
        String master = config.execution().master();
        SparkSettings.checkMasterAnswers(master);
        progress.note("starting Spark on " + master);
        List<PluginJar> jars = plugins == null ? List.of() : plugins.jars();
        JavaSparkContext spark = SparkSettings.isLocal(master) ? connect(config, master, jars) : connectWithin(config, master, jars);
        spark.setLogLevel("ERROR");
        if (!SparkSettings.isLocal(master)) {
            awaitExecutor(spark, master);
        }
        // the driver's model reads the same documents as the executors': the position extension and corpus lines are known here
        RunSpec spec = plugins == null || plugins.pluginPath().isEmpty() ? new RunSpec(Wire.write(config), model.sha256())
                : new RunSpec(Wire.write(config), model.sha256(), plugins.pluginPath().stream().map(e -> e.path().toString()).toList(),
                        Wire.write(plugins.jars()));
        return new SparkExecutor(spark, spec, config, progress, RunFacts.ofModel(config, model));
    }

    private static JavaSparkContext connect(ExperimentConfig config, String master, List<PluginJar> pluginJars) {
        try {
            return new JavaSparkContext(SparkSettings.conf(config, pluginJars));
        } catch (UserFacingException e) {
            throw e;
        } catch (RuntimeException e) {
            throw new UserFacingException("cannot start Spark on " + master + ": " + LocalExecutor.describe(e));
        }
    }

    /**
     * {@link #connect} bounded by {@link SparkSettings#ANSWER_SECONDS}: Spark's context blocks until the master
     * registers the application, and a server that accepts the connection but is not a Spark master never
     * does (Spark gives up after three 20 s attempts, then fails with a bug's exit code). The connecting thread
     * is a daemon: left behind after the one-line error, it cannot keep the JVM alive.
     */
    private static JavaSparkContext connectWithin(ExperimentConfig config, String master, List<PluginJar> pluginJars) {
        java.util.concurrent.FutureTask<JavaSparkContext> task = new java.util.concurrent.FutureTask<>(() -> connect(config, master, pluginJars));
        Thread connecting = new Thread(task, "attnlab-spark-connect");
        connecting.setDaemon(true);
        connecting.setContextClassLoader(Thread.currentThread().getContextClassLoader());
        connecting.start();
        try {
            return task.get(SparkSettings.ANSWER_SECONDS, java.util.concurrent.TimeUnit.SECONDS);
        } catch (java.util.concurrent.TimeoutException e) {
            connecting.interrupt();
            throw new UserFacingException("the Spark master " + master + " accepted a connection but did not register the application within "
                    + SparkSettings.ANSWER_SECONDS + " s: is a Spark master (of a compatible version) listening there?");
        } catch (ExecutionException e) {
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            throw new UserFacingException("cannot start Spark on " + master + ": " + LocalExecutor.describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new UserFacingException("interrupted while connecting to the Spark master " + master);
        }
    }

    private static void awaitExecutor(JavaSparkContext spark, String master) {
        long deadline = System.nanoTime() + SparkSettings.ANSWER_SECONDS * 1_000_000_000L;
        // The driver is listed too: an executor has registered when there are two entries.
        while (spark.sc().getExecutorMemoryStatus().size() < 2) {
            if (System.nanoTime() > deadline) {
                spark.stop();
                throw new UserFacingException("no executor of the Spark master " + master + " registered within "
                        + SparkSettings.ANSWER_SECONDS + " s (is a worker running, with enough cores and memory free?)");
            }
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new UserFacingException("interrupted while waiting for an executor of " + master);
            }
        }
    }

    /**
     * The model's facts and, with tasks, the reference's and truncation baseline's scores at every size: a size whose
     * cells all ran in an earlier session (a resumed run) is scored now, on the executors.
     */
    @Override
    public RunFacts facts() {
        if (!hasTasks()) {
            return facts;
        }
        List<Integer> missing = config.contextSizes().stream().filter(n -> !referenceTasks.containsKey(n)).toList();
        if (!missing.isEmpty()) {
            spark.setJobDescription("task references at n=" + missing);
            String error = collectReferences(taskReferencesJob(missing));
            if (error != null) {
                throw new UserFacingException("task references: " + error);
            }
        }
        return facts.withTasks(List.copyOf(referenceTasks.values()), truncatedTasks.isEmpty() ? null : List.copyOf(truncatedTasks.values()));
    }

    private boolean hasTasks() {
        return !config.tasksOrEmpty().isEmpty();
    }

    @Override
    public Gate gate() {
        RunSpec run = spec;
        spark.setJobDescription("correctness gate");
        GateAnswer answer = Wire.read(spark.parallelize(List.of(0), 1).map(x -> ExecutorTasks.gate(run)).collect().get(0), GateAnswer.class);
        if (answer.error() != null) {
            throw new UserFacingException(answer.error());
        }
        return answer.gate();
    }

    @Override
    public ChunkResult execute(CellTask task) {
        ChunkResult accuracy = new ChunkResult(task, List.of(), null, null, null); // the tasks alone: no documents
        if (task.documents() > 0) {
            CellTask untimed = new CellTask(task.variant(), task.contextSize(), task.firstDocument(), task.documents(), false);
            accuracy = single(task, accuracyJob(List.of(untimed)));
        }
        if (!accuracy.ok() || !task.timed()) {
            return accuracy;
        }
        ChunkResult scores = null;
        if (hasTasks()) {
            String error = referenceTasks.containsKey(task.contextSize()) ? null : collectReferences(taskReferencesJob(List.of(task.contextSize())));
            scores = error != null ? ChunkResult.failed(task, "preparing n=" + task.contextSize() + ": " + error) : single(task, tasksJob(task));
            if (!scores.ok()) {
                return scores;
            }
        }
        TimedChunk timed = timingJob(task);
        if (!timed.result().ok()) {
            return timed.result();
        }
        return new ChunkResult(task, accuracy.documents(), timed.result().cost(), timed.result().diagnostics(), null,
                scores == null ? null : scores.tasks());
    }

    @Override
    public void executeAll(List<PlannedCell> cells, Consumer<Cell> record) {
        Map<Integer, List<PlannedCell>> bySize = new LinkedHashMap<>();
        cells.forEach(c -> bySize.computeIfAbsent(c.contextSize(), n -> new ArrayList<>()).add(c));
        int perTask = config.execution().documentsPerTask();
        for (Map.Entry<Integer, List<PlannedCell>> size : bySize.entrySet()) {
            int n = size.getKey();
            List<PlannedCell> group = size.getValue();
            // with tasks: the size's reference scores in one task, and each cell's task scores in one task, beside the accuracy tasks
            JavaFutureAction<List<String>> references = null;
            if (hasTasks() && !referenceTasks.containsKey(n)) {
                spark.setJobDescription("task references at n=" + n);
                references = taskReferencesJob(List.of(n));
            }
            Map<PlannedCell, JavaFutureAction<List<String>>> jobs = new LinkedHashMap<>();
            Map<PlannedCell, JavaFutureAction<List<String>>> taskJobs = new LinkedHashMap<>();
            int tasks = 0;
            for (PlannedCell cell : group) {
                List<CellTask> chunks = cell.documents() == 0 ? List.of() : cell.chunks(perTask).stream()
                        .map(t -> new CellTask(t.variant(), t.contextSize(), t.firstDocument(), t.documents(), false)).toList();
                tasks += chunks.size();
                if (!chunks.isEmpty()) {
                    spark.setJobDescription("accuracy " + cell.key());
                    jobs.put(cell, accuracyJob(chunks));
                }
                if (hasTasks()) {
                    spark.setJobDescription("tasks " + cell.key());
                    taskJobs.put(cell, tasksJob(cell.whole()));
                }
            }
            progress.note("n=" + n + ": " + tasks + " accuracy tasks" + (hasTasks() ? ", " + taskJobs.size() + " task-scoring tasks" : "") + " on Spark");
            String referenceError = references == null ? null : collectReferences(references);
            Map<PlannedCell, ChunkResult> accuracy = new LinkedHashMap<>();
            for (PlannedCell cell : group) {
                JavaFutureAction<List<String>> job = jobs.get(cell);
                accuracy.put(cell, job == null ? merge(cell, List.of()) : documents(cell, job));
            }
            for (PlannedCell cell : group) {
                List<ChunkResult> chunks = new ArrayList<>(List.of(accuracy.get(cell)));
                if (referenceError != null) {
                    // as on the local engine, a size whose references cannot be scored fails its cells
                    chunks.add(ChunkResult.failed(cell.whole(), "preparing n=" + n + ": " + referenceError));
                } else if (hasTasks()) {
                    chunks.add(single(cell.whole(), taskJobs.get(cell)));
                }
                if (chunks.stream().anyMatch(c -> !c.ok())) {
                    record.accept(CellAggregator.aggregate(cell, chunks, config.retrieval()));
                    continue;
                }
                progress.note("timing " + cell.variant().label() + " @ n=" + cell.contextSize());
                TimedChunk timed = timingJob(cell.whole());
                chunks.add(timed.result());
                Cell result = CellAggregator.aggregate(cell, chunks, config.retrieval());
                record.accept(timed.result().ok() ? result.timedOn(timed.timedOn()) : result);
            }
        }
    }

    /** Each cell's task scores in one task. */
    private JavaFutureAction<List<String>> tasksJob(CellTask task) {
        RunSpec run = spec;
        return spark.parallelize(List.of(Wire.write(task)), 1).map(json -> ExecutorTasks.tasks(run, json)).collectAsync();
    }

    /** The reference's and truncation baseline's task scores, one task per size. */
    private JavaFutureAction<List<String>> taskReferencesJob(List<Integer> sizes) {
        RunSpec run = spec;
        return spark.parallelize(sizes, sizes.size()).map(n -> ExecutorTasks.taskReferences(run, n)).collectAsync();
    }

    /** Keeps the scores of a task-references job; returns the first failure's line, or null when every size was scored. */
    private String collectReferences(JavaFutureAction<List<String>> job) {
        List<String> answers;
        try {
            answers = job.get();
        } catch (ExecutionException e) {
            return "Spark: " + LocalExecutor.describe(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
        for (String answer : answers) {
            TaskReferences scores = Wire.read(answer, TaskReferences.class);
            if (scores.error() != null) {
                return scores.error();
            }
            referenceTasks.put(scores.reference().contextSize(), scores.reference());
            if (scores.truncated() != null) {
                truncatedTasks.put(scores.truncated().contextSize(), scores.truncated());
            }
        }
        return null;
    }

    /** The one chunk a one-task job returns, or its failure as {@code task}'s. */
    private static ChunkResult single(CellTask task, JavaFutureAction<List<String>> job) {
        try {
            return Wire.read(job.get().get(0), ChunkResult.class);
        } catch (ExecutionException e) {
            return ChunkResult.failed(task, "Spark: " + LocalExecutor.describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ChunkResult.failed(task, "interrupted");
        }
    }

    private JavaFutureAction<List<String>> accuracyJob(List<CellTask> chunks) {
        RunSpec run = spec;
        List<String> tasks = chunks.stream().map(Wire::write).toList();
        return spark.parallelize(tasks, tasks.size()).map(json -> ExecutorTasks.accuracy(run, json)).collectAsync();
    }

    private TimedChunk timingJob(CellTask task) {
        RunSpec run = spec;
        spark.setJobDescription("timing " + task.cellKey());
        try {
            return Wire.read(spark.parallelize(List.of(Wire.write(task)), 1).map(json -> ExecutorTasks.timing(run, json)).collect().get(0),
                    TimedChunk.class);
        } catch (RuntimeException e) {
            return new TimedChunk(ChunkResult.failed(task, "Spark: " + LocalExecutor.describe(e)), null);
        }
    }

    /**
     * A cell's per-document values from its accuracy job, keyed by document: each document once (a value a
     * retried task sends again is the same and is not counted twice), all of them or the cell fails.
     */
    static ChunkResult documents(PlannedCell cell, JavaFutureAction<List<String>> job) {
        CellTask whole = cell.whole();
        List<String> answers;
        try {
            answers = job.get();
        } catch (ExecutionException e) {
            return ChunkResult.failed(whole, "Spark: " + LocalExecutor.describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ChunkResult.failed(whole, "interrupted");
        }
        return merge(cell, answers.stream().map(a -> Wire.read(a, ChunkResult.class)).toList());
    }

    /**
     * The chunks of one cell as one chunk of all its documents, in document order; the first failure fails it. A cell
     * of an experiment that runs its tasks alone has no documents: no chunks, an empty chunk.
     */
    static ChunkResult merge(PlannedCell cell, List<ChunkResult> chunks) {
        CellTask whole = cell.whole();
        if (cell.documents() == 0) {
            return new ChunkResult(whole, List.of(), null, null, null);
        }
        TreeMap<Integer, DocumentAccuracy> byDocument = new TreeMap<>();
        for (ChunkResult chunk : chunks) {
            if (!chunk.ok()) {
                return ChunkResult.failed(whole, chunk.error());
            }
            chunk.documents().forEach(d -> byDocument.putIfAbsent(d.document(), d));
        }
        if (byDocument.size() != cell.documents() || byDocument.firstKey() != 0 || byDocument.lastKey() != cell.documents() - 1) {
            return ChunkResult.failed(whole, "measured " + byDocument.size() + " of " + cell.documents() + " documents");
        }
        return new ChunkResult(whole, List.copyOf(byDocument.values()), null, null, null);
    }

    @Override
    public void close() {
        spark.stop();
    }
}
