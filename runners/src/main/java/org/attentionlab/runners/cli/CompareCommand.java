package org.attentionlab.runners.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.attentionlab.runners.compare.Movement;
import org.attentionlab.runners.compare.RunComparison;
import org.attentionlab.runners.compare.Tolerances;
import org.attentionlab.runners.report.TextTable;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code attnlab compare BASELINE CURRENT}: what moved between two runs; exit 1 on a regression. */
@Command(name = "compare", description = {
        "Compare two runs cell by cell (label, n): accuracy with absolute tolerances, cost as the latency ratio",
        "to the reference measured in the same run. Exit 0: no regression; 1: regression; 2: bad input."})
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASELINE", description = "run folder or results.json")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CURRENT", description = "run folder or results.json")
    Path current;

    @Option(names = "--tolerances", paramLabel = "FILE", description = "YAML: accuracy: {metric: absolute}, cost: {latencyRatioToReference: relative}")
    Path tolerancesFile;

    @Override
    public Integer call() {
        Tolerances tolerances = tolerancesFile == null ? Tolerances.defaults() : Tolerances.load(tolerancesFile);
        RunResults base = ResultsReader.read(baseline);
        RunResults cur = ResultsReader.read(current);
        RunComparison comparison = RunComparison.compare(base, cur, tolerances);
        PrintWriter out = spec.commandLine().getOut();
        if (comparison.movements().isEmpty()) {
            out.println("nothing moved: " + comparison.matchedCells() + " cells identical");
        } else {
            TextTable table = new TextTable("cell", "metric", "baseline", "current", "delta", "verdict");
            for (Movement m : comparison.movements()) {
                table.row(m.cell(), m.metric(), m.baseline(), m.current(), m.delta(), m.verdict().text());
            }
            out.print(table.render());
            out.println(comparison.matchedCells() + " cells matched, " + comparison.movements().size() + " movements, "
                    + comparison.regressions() + " regression" + (comparison.regressions() == 1 ? "" : "s"));
        }
        return comparison.regressed() ? ExitCodes.PROBLEM_FOUND : ExitCodes.OK;
    }
}
