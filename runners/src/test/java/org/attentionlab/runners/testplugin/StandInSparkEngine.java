package org.attentionlab.runners.testplugin;

import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.config.ExecutionSpec;
import org.attentionlab.runners.execute.CellExecutor;
import org.attentionlab.runners.execute.ExecutionEngine;
import org.attentionlab.runners.execute.LoadedModel;
import org.attentionlab.runners.execute.LocalExecutor;
import org.attentionlab.runners.execute.SweepProgress;
import org.attentionlab.runners.plan.RunPlan;

/**
 * Stands in for the cluster module's spark engine in runners' tests: it answers to "spark" and runs the tasks
 * in this JVM. No services file on the test class path names it, so it is found only through the jar a test
 * lays out as cluster/target/attnlab-cluster-thin.jar, as Engines finds the real one.
 */
public final class StandInSparkEngine implements ExecutionEngine {

    @Override
    public String name() {
        return ExecutionSpec.SPARK;
    }

    @Override
    public CellExecutor open(RunPlan plan, PluginRegistry plugins, LoadedModel model, SweepProgress progress) {
        return LocalExecutor.of(plan.config(), plugins, model, progress);
    }
}
