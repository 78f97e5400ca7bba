package org.attentionlab.runners.execute;

import org.attentionlab.core.tensor.ThreadScratch;
import org.attentionlab.runners.memory.MemoryRefusedException;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.ExperimentKind;
import org.attentionlab.runners.config.RetrievalSpec;
import org.attentionlab.runners.plan.CellTask;
import org.attentionlab.runners.results.Gate;

/**
 * Runs every task in this JVM, one after the other, on one {@link Workload}. The reference's outputs at a
 * context size are computed once, before the first task of that size, and kept until a task of another size
 * comes: a plan in run order (sizes outer, variants inner) prepares each size once.
 */
public final class LocalExecutor implements CellExecutor {

    private final Workload workload;
    private final SweepProgress progress;
    private Integer preparedSize;
    /** Why preparing {@link #preparedSize} failed, or null: every task of that size fails with it, without retrying. */
    private String prepareError;
    private final RetrievalSpec retrieval;

    public LocalExecutor(Workload workload, SweepProgress progress) {
        this(workload, progress, null);
    }

    /** @param retrieval the run's retrieval settings (null for a kernel sweep) */
    public LocalExecutor(Workload workload, SweepProgress progress, RetrievalSpec retrieval) {
        this.workload = workload;
        this.progress = progress;
        this.retrieval = retrieval;
    }

    /** The executor of a config's kind; {@code model} is the loaded reference model (null for a kernel sweep). */
    public static LocalExecutor of(ExperimentConfig config, PluginRegistry plugins, LoadedModel model, SweepProgress progress) {
        Workload workload = config.kind() == ExperimentKind.KERNEL ? new KernelWorkload(config, plugins, progress)
                : model.causal() ? new DecoderWorkload(config, plugins, model.decoder(), progress)
                : new ModelWorkload(config, plugins, model, progress);
        return new LocalExecutor(workload, progress, config.retrieval());
    }

    @Override
    public RetrievalSpec retrieval() {
        return retrieval;
    }

    @Override
    public Gate gate() {
        try {
            return workload.gate();
        } finally {
            ThreadScratch.releaseAll(); // the gate's n x n buffers are not the first cell's
        }
    }

    @Override
    public RunFacts facts() {
        return workload.facts();
    }

    @Override
    public ChunkResult execute(CellTask task) {
        int n = task.contextSize();
        if (preparedSize == null || preparedSize != n) {
            prepare(n);
        }
        if (prepareError != null) {
            return ChunkResult.failed(task, "preparing n=" + n + ": " + prepareError);
        }
        try {
            String refusal = workload.memoryRefusal(task);
            return refusal != null ? ChunkResult.failed(task, refusal) : workload.run(task);
        } catch (RuntimeException | OutOfMemoryError | StackOverflowError e) {
            return ChunkResult.failed(task, describe(e));
        } finally {
            // per-thread scratch only grows: what this task needed must not stay into the next one
            ThreadScratch.releaseAll();
        }
    }

    private void prepare(int n) {
        workload.release();
        preparedSize = n;
        prepareError = null;
        try {
            progress.note("reference at n=" + n);
            workload.prepare(n);
        } catch (RuntimeException | OutOfMemoryError e) {
            prepareError = describe(e);
        }
    }

    @Override
    public void close() {
        workload.release();
        preparedSize = null;
    }

    /** One line for a failed cell: the kind of failure and the first line of its message. */
    public static String describe(Throwable e) {
        String message = e.getMessage();
        if (e instanceof MemoryRefusedException) {
            return message;
        }
        String kind = e instanceof OutOfMemoryError ? "out of memory"
                : e instanceof StackOverflowError ? "stack overflow" : e.getClass().getSimpleName();
        return message == null || message.isBlank() ? kind : kind + ": " + message.lines().findFirst().orElse("");
    }
}
