package org.attentionlab.runners.cli;

import org.attentionlab.core.error.UserFacingException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.attentionlab.runners.record.RunFolder;
import org.attentionlab.runners.report.Reports;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code attnlab report RUN_FOLDER}: draw a finished run's reports again from its results.json. */
@Command(name = "report", description = "Rewrite report.md, report.html and results.csv of a finished run from its results.json.")
final class ReportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "RUN_FOLDER", description = "a finished run folder")
    Path folder;

    @Override
    public Integer call() {
        if (!Files.isDirectory(folder)) {
            throw new UserFacingException("not a run folder: " + folder);
        }
        RunResults results = ResultsReader.read(folder);
        RunFolder.writeFiles(folder, Reports.files(results, Files.exists(folder.resolve(Reports.EXPLORER)))); // as at the end of a run
        spec.commandLine().getOut().println("report: " + folder.resolve("report.html") + " (and report.md, results.csv)");
        return ExitCodes.OK;
    }
}
