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

/**
 * Runs a plan's cells on Spark, one context size at a time:
 * <ol>
 *   <li>accuracy: every cell of the size is split into tasks of {@code documentsPerTask} documents, all
 *       submitted at once (one job per cell), so every executor slot works; each executor computes the
 *       reference outputs of the documents it is given, once per JVM;</li>
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

    @Override
    public RunFacts facts() {
        return facts;
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
        CellTask untimed = new CellTask(task.variant(), task.contextSize(), task.firstDocument(), task.documents(), false);
        ChunkResult accuracy;
        try {
            accuracy = Wire.read(accuracyJob(List.of(untimed)).get().get(0), ChunkResult.class);
        } catch (ExecutionException e) {
            return ChunkResult.failed(task, "Spark: " + LocalExecutor.describe(e.getCause()));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return ChunkResult.failed(task, "interrupted");
        }
        if (!accuracy.ok() || !task.timed()) {
            return accuracy;
        }
        TimedChunk timed = timingJob(task);
        if (!timed.result().ok()) {
            return timed.result();
        }
        return new ChunkResult(task, accuracy.documents(), timed.result().cost(), timed.result().diagnostics(), null);
    }

    @Override
    public void executeAll(List<PlannedCell> cells, Consumer<Cell> record) {
        Map<Integer, List<PlannedCell>> bySize = new LinkedHashMap<>();
        cells.forEach(c -> bySize.computeIfAbsent(c.contextSize(), n -> new ArrayList<>()).add(c));
        int perTask = config.execution().documentsPerTask();
        for (Map.Entry<Integer, List<PlannedCell>> size : bySize.entrySet()) {
            List<PlannedCell> group = size.getValue();
            Map<PlannedCell, JavaFutureAction<List<String>>> jobs = new LinkedHashMap<>();
            int tasks = 0;
            for (PlannedCell cell : group) {
                List<CellTask> chunks = cell.chunks(perTask).stream()
                        .map(t -> new CellTask(t.variant(), t.contextSize(), t.firstDocument(), t.documents(), false)).toList();
                tasks += chunks.size();
                spark.setJobDescription("accuracy " + cell.key());
                jobs.put(cell, accuracyJob(chunks));
            }
            progress.note("n=" + size.getKey() + ": " + tasks + " accuracy tasks on Spark");
            Map<PlannedCell, ChunkResult> accuracy = new LinkedHashMap<>();
            for (Map.Entry<PlannedCell, JavaFutureAction<List<String>>> job : jobs.entrySet()) {
                accuracy.put(job.getKey(), documents(job.getKey(), job.getValue()));
            }
            for (PlannedCell cell : group) {
                ChunkResult documents = accuracy.get(cell);
                if (!documents.ok()) {
                    record.accept(CellAggregator.aggregate(cell, List.of(documents), config.retrieval()));
                    continue;
                }
                progress.note("timing " + cell.variant().label() + " @ n=" + cell.contextSize());
                TimedChunk timed = timingJob(cell.whole());
                Cell result = CellAggregator.aggregate(cell, List.of(documents, timed.result()), config.retrieval());
                record.accept(timed.result().ok() ? result.timedOn(timed.timedOn()) : result);
            }
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
        CellTask whole = new CellTask(cell.variant(), cell.contextSize(), 0, cell.documents(), false);
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

    /** The chunks of one cell as one chunk of all its documents, in document order; the first failure fails it. */
    static ChunkResult merge(PlannedCell cell, List<ChunkResult> chunks) {
        CellTask whole = new CellTask(cell.variant(), cell.contextSize(), 0, cell.documents(), false);
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
