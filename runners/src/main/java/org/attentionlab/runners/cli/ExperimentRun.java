package org.attentionlab.runners.cli;

import org.attentionlab.runners.execute.CellExecutor;
import org.attentionlab.runners.execute.SweepProgress;
import org.attentionlab.runners.plan.RunPlan;
import org.attentionlab.runners.record.RunFolder;
import org.attentionlab.runners.record.Sweep;
import org.attentionlab.runners.report.Reports;
import org.attentionlab.runners.results.Environment;
import org.attentionlab.runners.results.RunResults;

/**
 * One run through the four stages: the plan's cells through the executor into the run folder, then the
 * reports drawn from the results and the folder finished. The only place that sees every stage.
 */
public final class ExperimentRun {

    private ExperimentRun() {
    }

    /** Runs (or resumes) the plan into {@code folder} and finishes it: reports, then results.json. */
    public static RunResults run(RunPlan plan, CellExecutor executor, RunFolder folder, Environment environment, SweepProgress progress) {
        RunResults results = new Sweep(plan, executor, progress).run(folder, environment);
        folder.finish(results, Reports.files(results));
        return results;
    }
}
