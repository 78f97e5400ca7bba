package org.attentionlab.runners.execute;

import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.plan.RunPlan;

/**
 * An engine other than this JVM that runs a plan's tasks, found with {@link java.util.ServiceLoader} so
 * that runners does not depend on it: the {@code cluster} module provides {@code spark}, and a local run
 * does not load it ({@link Engines} puts the cluster module on the class path when a run asks for spark).
 */
public interface ExecutionEngine {

    /** The name {@code --engine} and {@code execution.engine} select it by. */
    String name();

    /**
     * Checks, before a run folder is made or a model loaded, that the engine can run the config (a master
     * that answers); throws a {@link org.attentionlab.core.error.UserFacingException} when it cannot.
     */
    default void check(org.attentionlab.runners.config.ExperimentConfig config) {
    }

    /**
     * Starts the engine for a plan whose config names it in {@code execution}. Throws a
     * {@link org.attentionlab.core.error.UserFacingException} when it cannot start (a master that does not
     * answer).
     *
     * @param plan     the run's plan; its config's {@code execution} holds the engine settings
     * @param plugins  the plugins of this JVM (the driver's), for checks made before any task runs
     * @param model    the reference model as the driver loaded it (its file's hash names it on the executors)
     * @param progress where to tell the user what the engine is doing
     */
    CellExecutor open(RunPlan plan, PluginRegistry plugins, LoadedModel model, SweepProgress progress);
}
