package org.attentionlab.cluster;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.locks.ReentrantReadWriteLock;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.function.Supplier;
import org.apache.spark.SparkEnv;
import org.attentionlab.core.error.UserFacingException;
import org.attentionlab.core.tensor.ThreadScratch;
import org.attentionlab.runners.execute.ChunkResult;
import org.attentionlab.runners.execute.LocalExecutor;
import org.attentionlab.runners.plan.CellTask;
import org.attentionlab.runners.record.EnvironmentProbe;
import org.attentionlab.runners.results.TimedOn;

/**
 * What a Spark task runs on an executor: the entry points the driver's jobs call, each taking and
 * returning JSON. The models an executor JVM loaded stay in {@link #MODELS}, one per model file hash and
 * run config, so every task of a run after the first reuses the weights, the ONNX Runtime session and the
 * reference outputs. A measurement that throws comes back as a failed chunk (the cell is recorded failed);
 * only a lost executor makes Spark run a task again.
 */
final class ExecutorTasks {

    private static final Map<String, ExecutorModel> MODELS = new ConcurrentHashMap<>();
    /** Held (shared) by every running task of this JVM; {@link #releaseScratch} takes it alone. */
    private static final ReentrantReadWriteLock RUNNING = new ReentrantReadWriteLock();

    private ExecutorTasks() {
    }

    static String accuracy(RunSpec spec, String taskJson) {
        return Wire.write(measure(spec, Wire.read(taskJson, CellTask.class), ExecutorModel::accuracy));
    }

    /** The variant's task scores of one cell ({@link ExecutorModel#tasks}), as a chunk without documents. */
    static String tasks(RunSpec spec, String taskJson) {
        return Wire.write(measure(spec, Wire.read(taskJson, CellTask.class), ExecutorModel::tasks));
    }

    /** One measurement of this JVM's model of the run, a failure as a failed chunk. */
    private static ChunkResult measure(RunSpec spec, CellTask task, BiFunction<ExecutorModel, CellTask, ChunkResult> how) {
        return whileRunning(() -> how.apply(model(spec), task), e -> ChunkResult.failed(task, line(e)));
    }

    /** The reference's and the truncation baseline's task scores at size n ({@link ExecutorModel#taskReferences}). */
    static String taskReferences(RunSpec spec, int n) {
        return Wire.write(whileRunning(() -> model(spec).taskReferences(n), e -> new TaskReferences(null, null, line(e))));
    }

    /** {@code work} as a running task of this JVM (a failure answered by {@code failed}); the scratch is released after it. */
    private static <T> T whileRunning(Supplier<T> work, Function<Throwable, T> failed) {
        RUNNING.readLock().lock();
        try {
            return work.get();
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            return failed.apply(e);
        } finally {
            RUNNING.readLock().unlock();
            releaseScratch();
        }
    }

    static String timing(RunSpec spec, String taskJson) {
        ChunkResult result = measure(spec, Wire.read(taskJson, CellTask.class), ExecutorModel::timing);
        int threads = Wire.read(spec.configJson(), org.attentionlab.runners.config.ExperimentConfig.class).measure().threads();
        return Wire.write(new TimedChunk(result, new TimedOn(host(), executorId(), EnvironmentProbe.probe(threads))));
    }

    static String gate(RunSpec spec) {
        RUNNING.readLock().lock();
        try {
            return Wire.write(new GateAnswer(model(spec).gate(), null));
        } catch (RuntimeException | OutOfMemoryError e) {
            // A user-facing failure (a missing file on this host) is its own one line; anything else says what it was.
            String line = e instanceof UserFacingException ? e.getMessage() : "the correctness gate failed on host " + host() + ": " + LocalExecutor.describe(e);
            return Wire.write(new GateAnswer(null, line));
        } finally {
            RUNNING.readLock().unlock();
            releaseScratch();
        }
    }

    /**
     * Drops every per-thread attention buffer ({@link ThreadScratch#releaseAll}) when no task of this JVM is
     * running, so that what one cell needed is not kept into the next: the last task to end releases. A task
     * ending while another runs leaves it to that one (buffers in use are never dropped under a kernel).
     */
    private static void releaseScratch() {
        if (RUNNING.writeLock().tryLock()) {
            try {
                ThreadScratch.releaseAll();
            } finally {
                RUNNING.writeLock().unlock();
            }
        }
    }

    /** A failed task's one line: a user-facing failure (a file missing on this host, say) as it is, anything else with its kind. */
    static String line(Throwable e) {
        return e instanceof UserFacingException && e.getMessage() != null ? e.getMessage().lines().findFirst().orElse("") : LocalExecutor.describe(e);
    }

    static ExecutorModel model(RunSpec spec) {
        // Keyed by the model file's hash, the run's config (corpus, threads, repetitions) and its plugin jars: one load per run
        // and executor JVM.
        return MODELS.computeIfAbsent(spec.modelSha256() + "|" + spec.configJson() + "|" + spec.pluginJars(), key -> ExecutorModel.open(spec));
    }

    /** This machine's name, as failures and the report show it. */
    static String host() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "unknown-host";
        }
    }

    private static String executorId() {
        SparkEnv env = SparkEnv.get();
        return env == null ? "none" : env.executorId();
    }
}
