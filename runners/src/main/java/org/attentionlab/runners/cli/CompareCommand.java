package org.attentionlab.runners.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.attentionlab.core.error.UserFacingException;
import java.util.List;
import org.attentionlab.runners.compare.Comparability;
import org.attentionlab.runners.compare.ComparisonMarkdown;
import org.attentionlab.runners.compare.ComparisonSettings;
import org.attentionlab.runners.compare.JunitReport;
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
        "Compare two runs cell by cell (label, n). Accuracy: paired per-document differences with a seeded bootstrap",
        "95% interval; a regression is an interval entirely beyond the absolute tolerance. Latency: the ratio to the",
        "reference timed beside it, per repetition; a regression is a change beyond the tolerance (default 10%) that",
        "a two-sided Mann-Whitney U test finds significant (p < alpha, default 0.01). Where the repetitions are too few",
        "for the test ever to reach alpha (3 vs 3), the tolerance on the median ratios decides alone, and every output",
        "says so; a median ratio more than twice the baseline's fails whatever the test says.",
        "Cells are matched by label and n, and must have run the same plugin with the same parameters.",
        "Exit 0: no regression; 1: regression; 2: bad input, or runs that are not comparable."})
final class CompareCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "BASELINE", description = "run folder or results.json")
    Path baseline;

    @Parameters(index = "1", paramLabel = "CURRENT", description = "run folder or results.json")
    Path current;

    @Option(names = "--tolerances", paramLabel = "FILE",
            description = "YAML: accuracy: {metric: absolute}, cost: {latencyRatioToReference: relative}, alpha: p-value bound")
    Path tolerancesFile;

    @Option(names = "--latency-tolerance", paramLabel = "FRACTION", description = "relative latency tolerance (0.10 = 10%%); overrides the file")
    Double latencyTolerance;

    @Option(names = "--alpha", paramLabel = "P", description = "significance level of the latency test, in (0, 0.5]; overrides the file")
    Double alpha;

    @Option(names = "--seed", paramLabel = "N", description = "seed of the bootstrap intervals (default ${DEFAULT-VALUE})")
    long seed = ComparisonSettings.DEFAULT_SEED;

    @Option(names = "--legacy", description = "the old rule for runs stored without samples (schemaVersion 1): means and median ratios, no interval or test")
    boolean legacy;

    @Option(names = "--allow-different", description = "compare runs made with a different model file, tokenizer, corpus, context sizes or measure settings (a warning instead of exit 2)")
    boolean allowDifferent;

    @Option(names = "--junit", paramLabel = "FILE", description = "also write JUnit XML: one test case per cell and metric")
    Path junit;

    @Option(names = "--markdown", paramLabel = "FILE", description = "also write a markdown summary (for a pull-request comment)")
    Path markdown;

    @Override
    public Integer call() {
        Tolerances file = tolerancesFile == null ? Tolerances.defaults() : Tolerances.load(tolerancesFile);
        Tolerances tolerances = file.with(latencyTolerance, alpha);
        RunResults base = ResultsReader.read(baseline);
        RunResults cur = ResultsReader.read(current);
        if (!legacy) {
            requireSamples(base, baseline);
            requireSamples(cur, current);
        }
        List<String> differences = Comparability.differences(base, cur);
        if (!differences.isEmpty() && !allowDifferent) {
            throw new UserFacingException("the runs are not comparable: they differ in " + String.join("; ", differences)
                    + " (--allow-different compares them anyway)");
        }
        ComparisonSettings settings = new ComparisonSettings(tolerances, seed, ComparisonSettings.DEFAULT_RESAMPLES, legacy);
        RunComparison comparison = RunComparison.compare(base, cur, settings);
        if (!differences.isEmpty()) {
            comparison.warn("the runs differ in " + String.join("; ", differences) + ": compared anyway (--allow-different)");
        }
        String missing = Comparability.missingInputs(base, cur);
        if (missing != null) {
            comparison.warn(missing);
        }
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String warning : comparison.warnings()) {
            err.println("warning: " + warning);
        }
        err.flush();
        out.println(settings.describe());
        if (comparison.movements().isEmpty()) {
            out.println("nothing moved: " + comparison.matchedCells() + " cells identical");
        } else {
            TextTable table = new TextTable("cell", "metric", "baseline", "current", "delta", "evidence", "verdict");
            for (Movement m : comparison.movements()) {
                table.row(m.cell(), m.metric(), m.baseline(), m.current(), m.delta(), m.evidence(), m.verdict().text());
            }
            out.print(table.render());
            out.println(summary(comparison));
        }
        if (junit != null) {
            write(junit, JunitReport.render(comparison, baseline + " vs " + current));
        }
        if (markdown != null) {
            write(markdown, ComparisonMarkdown.render(comparison, baseline.toString(), current.toString()));
        }
        return comparison.regressed() ? ExitCodes.PROBLEM_FOUND : ExitCodes.OK;
    }

    static String summary(RunComparison c) {
        return c.matchedCells() + " cells matched, " + c.movements().size() + " movements, "
                + c.regressions() + " regression" + (c.regressions() == 1 ? "" : "s");
    }

    private static void requireSamples(RunResults results, Path path) {
        if (results.schemaVersion() < RunResults.SCHEMA_VERSION || !results.hasSamples()) {
            throw new UserFacingException(path + " is a results schemaVersion " + results.schemaVersion()
                    + " run without latency samples or per-document values: redo the run with this attnlab, or compare with --legacy (the old median rule)");
        }
    }

    private static void write(Path file, String content) {
        try {
            Path parent = file.toAbsolutePath().getParent();
            if (parent != null) {
                Files.createDirectories(parent);
            }
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserFacingException("cannot write " + file + ": " + e.getClass().getSimpleName() + " " + e.getMessage());
        }
    }
}
