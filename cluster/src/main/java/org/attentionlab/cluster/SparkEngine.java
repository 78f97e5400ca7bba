package org.attentionlab.cluster;

import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.config.ExecutionSpec;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.execute.CellExecutor;
import org.attentionlab.runners.execute.ExecutionEngine;
import org.attentionlab.runners.execute.LoadedModel;
import org.attentionlab.runners.execute.SweepProgress;
import org.attentionlab.runners.plan.RunPlan;

/** The {@code spark} engine: found by runners through {@link java.util.ServiceLoader}. */
public final class SparkEngine implements ExecutionEngine {

    @Override
    public String name() {
        return ExecutionSpec.SPARK;
    }

    /**
     * Before anything is created: a yarn or k8s master needs its cluster manager on the class path
     * (spark-submit), a standalone master must accept a connection within 30 s.
     */
    @Override
    public void check(ExperimentConfig config) {
        SparkSettings.checkClusterManager(config.execution().master());
        SparkSettings.checkMasterAnswers(config.execution().master());
    }

    @Override
    public CellExecutor open(RunPlan plan, PluginRegistry plugins, LoadedModel model, SweepProgress progress) {
        return SparkExecutor.start(plan, plugins, model, progress);
    }
}
