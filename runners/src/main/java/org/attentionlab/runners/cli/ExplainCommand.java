package org.attentionlab.runners.cli;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import org.attentionlab.core.error.UserFacingException;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.config.ConfigLoader;
import org.attentionlab.runners.config.ConfigSource;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.LoadedConfig;
import org.attentionlab.runners.execute.CausalLm;
import org.attentionlab.runners.execute.LoadedModel;
import org.attentionlab.runners.explain.AttentionExplorer;
import org.attentionlab.runners.explain.AttentionJson;
import org.attentionlab.runners.explain.ExplainRequest;
import org.attentionlab.runners.explain.ExplainTarget;
import org.attentionlab.runners.explain.ExplorerData;
import org.attentionlab.runners.explain.ExplorerPage;
import org.attentionlab.runners.explain.PageBudget;
import org.attentionlab.runners.record.RunFolder;
import org.attentionlab.runners.report.Reports;
import org.attentionlab.runners.results.GateCheck;
import org.attentionlab.runners.results.InputFile;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code attnlab explain CONFIG|RUN_FOLDER}: {@code attention.html} and {@code attention.json} of one document, in the
 * run folder (whose report.html then links to the page) or in the experiment's output folder.
 */
@Command(name = "explain", description = {"Write attention.html (offline, self-contained) and attention.json: the reference's attention of one document",
        "layer by layer and head by head, beside each variant's, with its mask, the keys it dropped and the per-head entropy and coverage.",
        "Beside a run when given a run folder (its report.html then links to the page), else in the experiment's output folder."})
final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG|RUN_FOLDER", description = "an experiment YAML file, or a finished run folder")
    Path source;

    @Mixin
    PluginPathOption pluginPath = new PluginPathOption();

    @Option(names = "--document", paramLabel = "K", description = "the document, 0-based, among the experiment's (default: 0)")
    Integer document;

    @Option(names = "--n", paramLabel = "N", description = "the context size (default: the experiment's smallest of at least 128 tokens)")
    Integer n;

    @Option(names = "--variants", split = ",", paramLabel = "a,b", description = "variant labels (default: every variant but plain full attention)")
    List<String> variants;

    @Override
    public Integer call() {
        RunResults results = null;
        ExperimentConfig config;
        ConfigSource configSource;
        Path output;
        PluginRegistry plugins;
        if (Files.isDirectory(source)) {
            results = ResultsReader.read(source);
            config = results.config();
            output = source;
            configSource = new ConfigSource(source.resolve("results.json").toString(), "");
            // the run's plugins: (stored absolute) and the command line's and environment's plugin path
            plugins = pluginPath.registry(new LoadedConfig(config, configSource));
        } else {
            LoadedConfig loaded = ConfigLoader.load(source);
            configSource = loaded.source();
            plugins = pluginPath.registry(loaded);
            org.attentionlab.runners.config.ConfigValidator validator = Experiments.validator(plugins);
            config = validator.resolve(loaded);
            Experiments.warn(validator, spec.commandLine().getErr());
            output = Path.of(config.output());
        }
        ExplainRequest.checkKind(config);
        checkWritable(output);
        try (LoadedModel model = LoadedModel.open(config)) {
            if (results != null) {
                String change = InputFile.firstChange(results.inputs(), model.inputs());
                if (change != null) {
                    throw new UserFacingException("cannot explain " + source + ": " + change + "; the page would not show what the run measured");
                }
            }
            ExplainTarget target;
            if (model.causal()) {
                // what run and validate check of a decoder: variants that serve decoders, positions, the documents' lengths
                Experiments.checkAgainstModel(config, model, plugins, configSource);
                CausalLm lm = model.decoder().lm();
                target = new ExplainRequest(document, n, variants).resolve(config, lm.shape().layers(), lm.shape().heads(), lm.maxPositions());
            } else {
                target = new ExplainRequest(document, n, variants).resolve(config, model.shape().layers(), model.shape().heads(),
                        model.shape().maxPositions());
            }
            AttentionExplorer explorer = AttentionExplorer.trace(config, model, plugins, target);
            GateCheck gate = explorer.gate();
            if (!gate.passed()) {
                spec.commandLine().getErr().println("error: the Java model does not match ONNX Runtime on document " + target.document()
                        + " at n=" + target.n() + " (minimum token cosine " + gate.tokenCosineMin() + ", max abs error " + gate.maxAbsError()
                        + "): its attention maps would not be the model's; no attention.html written");
                return ExitCodes.PROBLEM_FOUND;
            }
            ExplorerData data = explorer.data();
            String page = ExplorerPage.render(data);
            long pageBytes = page.getBytes(StandardCharsets.UTF_8).length;
            if (pageBytes > PageBudget.PAGE_BYTES) {
                throw new IllegalStateException("attention.html came to " + pageBytes + " bytes, past its budget of " + PageBudget.PAGE_BYTES);
            }
            Map<String, String> files = new LinkedHashMap<>();
            files.put(AttentionJson.FILE, AttentionJson.render(data));
            files.put(ExplorerPage.FILE, page);
            RunFolder.writeFiles(output, files);
            if (results != null) {
                RunFolder.writeFiles(output, Map.of(Reports.HTML, Reports.files(results, true).get(Reports.HTML)));
            }
            spec.commandLine().getOut().printf("explain: %s (%.1f MB; document %d, n=%d, %s; %s) and %s%n", output.resolve(ExplorerPage.FILE),
                    pageBytes / 1e6, target.document(), target.n(),
                    String.join(", ", data.variants().stream().map(v -> v.label()).toList()),
                    data.slots() >= data.n() ? "every weight kept" : data.slots() + " weights kept per row",
                    AttentionJson.FILE + (results != null ? "; report.html links to it" : ""));
        }
        return ExitCodes.OK;
    }

    /** Creates the output folder and writes a probe file in it, so a folder that cannot take the page is refused before any work. */
    static void checkWritable(Path output) {
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new UserFacingException("output folder " + output + " is not writable: cannot create it (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        try {
            Path probe = Files.createTempFile(output, ".attnlab-explain", ".tmp");
            Files.delete(probe);
        } catch (IOException e) {
            throw new UserFacingException("output folder " + output + " is not writable (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
    }
}
