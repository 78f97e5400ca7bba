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

    /** A standalone master must accept a connection within 30 s. */
    @Override
    public void check(ExperimentConfig config) {
        SparkSettings.checkMasterAnswers(config.execution().master());
    }

    @Override
    public CellExecutor open(RunPlan plan, PluginRegistry plugins, LoadedModel model, SweepProgress progress) {
        return SparkExecutor.start(plan, plugins, model, progress);
    }
}
