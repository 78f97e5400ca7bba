package org.attentionlab.runners.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.time.Instant;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicBoolean;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.runners.config.ConfigLoader;
import org.attentionlab.runners.config.ConfigSource;
import org.attentionlab.runners.config.ConfigValidator;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.ExperimentKind;
import org.attentionlab.runners.config.LoadedConfig;
import org.attentionlab.runners.config.ExecutionSpec;
import org.attentionlab.runners.execute.CellExecutor;
import org.attentionlab.runners.execute.Engines;
import org.attentionlab.runners.execute.ExecutionEngine;
import org.attentionlab.runners.execute.LocalExecutor;
import org.attentionlab.runners.execute.LoadedModel;
import org.attentionlab.runners.execute.SweepProgress;
import org.attentionlab.runners.plan.RunPlan;
import org.attentionlab.runners.record.EnvironmentProbe;
import org.attentionlab.runners.record.RunFolder;
import org.attentionlab.runners.report.TerminalReport;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.Environment;
import org.attentionlab.runners.results.RunResults;
import org.attentionlab.runners.results.RunStart;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code attnlab run CONFIG}: the sweep, into a new run folder, then the headline tables. */
@Command(name = "run", description = {
        "Run an experiment: every variant at every context size against the reference.",
        "Writes results.json, cells.jsonl, results.csv, report.md and report.html into a new run folder.",
        "Exit 0: done; 1: the correctness gate failed (results marked untrustworthy); 2: bad input; 3: a cell failed."})
final class RunCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "experiment YAML file")
    Path configFile;

    @Option(names = "--resume", paramLabel = "RUN_FOLDER", description = "continue an interrupted run of the same config")
    Path resume;

    @Option(names = "--no-progress", description = "no progress bar (for logs)")
    boolean noProgress;

    @Option(names = "--engine", paramLabel = "ENGINE", description = "where the tasks run: local (this JVM, the default) or spark (overrides execution.engine)")
    String engine;

    @Option(names = "--master", paramLabel = "URL", description = "Spark master: local[*] (default), local[N], spark://HOST:PORT, yarn, k8s://... (implies --engine spark)")
    String master;

    @Mixin
    PluginPathOption pluginPath = new PluginPathOption();

    /** Tests replace the terminal progress bar. */
    SweepProgress progress;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        LoadedConfig loaded = ConfigLoader.load(configFile);
        PluginRegistry plugins = pluginPath.registry(loaded);
        ConfigValidator validator = Experiments.validator(plugins);
        ExperimentConfig config = withCommandLineEngine(validator.resolve(loaded));
        Experiments.warn(validator, spec.commandLine().getErr());
        int threads = config.measure().threads();
        Parallel.setThreads(threads);
        // An engine that is not on the classpath, or a master that does not answer, is bad input: said before any work.
        ExecutionEngine engineFound = config.executionOrDefault().isSpark() ? Engines.find(ExecutionSpec.SPARK) : null;
        if (engineFound != null) {
            engineFound.check(config);
        }
        if (resume == null) {
            RunFolder.checkOutput(Path.of(config.output())); // before the model loads, as validate does
        }
        boolean model = config.kind() == ExperimentKind.MODEL;
        LoadedModel loadedModel = null;
        try {
            if (model) {
                loadedModel = LoadedModel.open(config);
                Experiments.warn(spec.commandLine().getErr(), loadedModel.notices());
                Experiments.checkAgainstModel(config, loadedModel, plugins, loaded.source());
            }
            Environment environment = EnvironmentProbe.probe(threads);
            RunStart now = new RunStart(RunResults.SCHEMA_VERSION, config, environment, Instant.now().toString(),
                    model ? loadedModel.inputs() : null, RunStart.ATTNLAB_VERSION, plugins.jars().isEmpty() ? null : plugins.jars());
            RunFolder folder = resume != null ? RunFolder.resume(resume, config,
                    // The engine says where the work runs, not what is measured: a run resumes on either engine.
                    stored -> validator.resolve(new LoadedConfig(stored, new ConfigSource(resume.resolve(RunFolder.RUN_JSON).toString(), "")))
                            .withExecution(config.execution()), now)
                    : RunFolder.create(Path.of(config.output()), now);
            try (folder) {
                return runInto(folder, config, plugins, loadedModel, environment, out, engineFound);
            } catch (RuntimeException | Error e) {
                if (resume == null) {
                    folder.discardIfEmpty(); // failed before its first cell: nothing to resume, nothing to clean up
                }
                throw e;
            }
        } finally {
            if (loadedModel != null) {
                loadedModel.close();
            }
        }
    }

    private int runInto(RunFolder folder, ExperimentConfig config, PluginRegistry plugins, LoadedModel loadedModel,
                        Environment environment, PrintWriter out, ExecutionEngine engineFound) {
        int threads = config.measure().threads();
        PrintWriter err = spec.commandLine().getErr();
        for (String note : folder.notes()) {
            err.println("warning: " + ExitCodes.oneLine(note));
        }
        err.flush();
        out.println("run folder: " + folder.dir());
        out.println("vector width: " + environment.vectorWidth() + "; threads: " + threads);
        if (engineFound != null) {
            out.println("engine: spark, master " + config.execution().master() + ", " + config.execution().documentsPerTask() + " documents per task");
        }
        out.flush();
        SweepProgress bar = progress != null ? progress
                : noProgress ? SweepProgress.SILENT : new TerminalProgress(System.err);
        AtomicBoolean finished = new AtomicBoolean(false);
        Thread hint = interruptHint(folder, finished);
        RunResults results;
        RunPlan plan = RunPlan.of(config);
        try (CellExecutor executor = engineFound != null ? engineFound.open(plan, plugins, loadedModel, bar)
                : LocalExecutor.of(config, plugins, loadedModel, bar)) {
            results = ExperimentRun.run(plan, executor, folder, environment, bar);
            finished.set(true);
        } finally {
            removeHook(hint);
        }
        return summarise(out, results, folder);
    }

    /** The config with {@code --engine} / {@code --master} applied over its {@code execution}. */
    private ExperimentConfig withCommandLineEngine(ExperimentConfig config) {
        if (engine == null && master == null) {
            return config;
        }
        ExecutionSpec file = config.executionOrDefault();
        String e = engine != null ? engine : ExecutionSpec.SPARK;
        boolean sameEngine = e.equals(file.engine());
        ExecutionSpec execution = ExecutionSpec.resolve(e, master != null ? master : sameEngine ? file.master() : null,
                sameEngine ? file.documentsPerTask() : null, config.measure().threads(), engine != null ? "--engine " + engine + ": " : "--master: ");
        return config.withExecution(ConfigValidator.checkKind(execution, config.kind() == ExperimentKind.MODEL, "--engine " + e + ": "));
    }

    private int summarise(PrintWriter out, RunResults results, RunFolder folder) {
        if (results.gate() != null) {
            out.println("correctness gate: " + results.gate().summary());
        }
        if (!results.trustworthy()) {
            out.println("The Java model with full attention does not match the reference: every figure of this run is untrustworthy.");
            out.println("report: " + folder.dir().resolve("report.md"));
            return ExitCodes.PROBLEM_FOUND;
        }
        out.print(TerminalReport.render(results));
        out.println();
        out.println("report: " + folder.dir().resolve("report.html") + " (and report.md, results.json, results.csv)");
        List<String> failed = results.cells().stream().filter(c -> !c.ok()).map(Cell::key).toList();
        if (!failed.isEmpty()) {
            out.println(failed.size() + " of " + results.cells().size() + " cells failed: " + String.join(", ", failed)
                    + " (their errors are in the report; --resume runs them again)");
            return ExitCodes.CELLS_FAILED;
        }
        return ExitCodes.OK;
    }

    /** On Ctrl-C, say where the finished cells are and how to continue. */
    private Thread interruptHint(RunFolder folder, AtomicBoolean finished) {
        Thread hook = new Thread(() -> {
            if (!finished.get()) {
                System.err.println();
                System.err.println("interrupted: finished cells are in " + folder.dir().resolve(RunFolder.CELLS)
                        + "; continue with: ./attnlab run " + configFile + " --resume " + folder.dir());
            }
        });
        Runtime.getRuntime().addShutdownHook(hook);
        return hook;
    }

    private static void removeHook(Thread hook) {
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException e) {
            // already shutting down: the hook runs
        }
    }
}
