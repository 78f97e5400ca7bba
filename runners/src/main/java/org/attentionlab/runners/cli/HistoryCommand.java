package org.attentionlab.runners.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.attentionlab.core.error.UserFacingException;
import org.attentionlab.runners.report.ReportTable;
import org.attentionlab.runners.report.RunHistory;
import org.attentionlab.runners.report.TextTable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code attnlab history FOLDER}: the runs of one experiment, oldest first, and history.html with trend charts. */
@Command(name = "history", description = {
        "List every finished run under an experiment's output folder, oldest first: date, git commit, gate and a",
        "metric per variant. Runs of a different config are listed apart. Writes FOLDER/history.html with a trend",
        "chart per metric."})
final class HistoryCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "FOLDER", description = "an experiment's output folder (holding its run folders)")
    Path folder;

    @Option(names = "--metric", paramLabel = "NAME", description = "the metric listed per variant (default embeddingCosine; "
            + "klMean for causal language models)")
    String metric;

    @Option(names = "--n", paramLabel = "N", description = "the context size the values are taken at (default: each config's largest)")
    Integer n;

    @Override
    public Integer call() {
        List<String> known = RunHistory.metrics();
        if (metric != null && !known.contains(metric)) {
            throw new UserFacingException("unknown metric '" + metric + "'; known: " + String.join(", ", known));
        }
        RunHistory history = RunHistory.read(folder);
        boolean causal = history.causal();
        String metric = this.metric != null ? this.metric : causal ? "klMean" : "embeddingCosine";
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        for (String skipped : history.skipped()) {
            err.println("warning: skipped: " + ExitCodes.oneLine(skipped));
        }
        err.flush();
        for (ReportTable t : history.tables(metric, n)) {
            out.print(TextTable.render(t));
            out.println();
        }
        Path html = folder.resolve("history.html");
        List<String> charted = causal
                ? List.of("perplexity", "klMean", "top1Agreement", "latencyRatioToReference", "decodeMsPerTokenMedian")
                : List.of("embeddingCosine", "tokenCosineMean", "retrievalRecallAtK", "latencyRatioToReference");
        try {
            Files.writeString(html, history.html(metric, charted, n), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserFacingException("cannot write " + html + ": " + e.getMessage());
        }
        out.println("history: " + html);
        return ExitCodes.OK;
    }
}
