package org.attentionlab.runners.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.attentionlab.core.model.ExtendedPositions;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.config.ConfigLoader;
import org.attentionlab.runners.config.ConfigValidator;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.ExperimentKind;
import org.attentionlab.runners.config.LoadedConfig;
import org.attentionlab.runners.execute.LoadedModel;
import org.attentionlab.runners.config.VariantSpec;
import org.attentionlab.runners.memory.MemoryBudget;
import org.attentionlab.runners.record.RunFolder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code attnlab validate CONFIG}: parse and check an experiment file without running it. */
@Command(name = "validate", description = {"Check an experiment file; print ok and a summary, or the error (exit 2).",
        "Reads the model, tokenizer and corpus it names and runs every check run does before the first forward pass,",
        "the output folder's included (without creating it). An extended model's export is written to the positions",
        "cache, and the output says so."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "experiment YAML file")
    Path config;

    @Mixin
    PluginPathOption pluginPath = new PluginPathOption();

    @Override
    public Integer call() {
        LoadedConfig loaded = ConfigLoader.load(config);
        PluginRegistry plugins = pluginPath.registry(loaded);
        ConfigValidator validator = Experiments.validator(plugins);
        ExperimentConfig resolved = validator.resolve(loaded);
        Experiments.warn(validator, spec.commandLine().getErr());
        RunFolder.checkOutput(Path.of(resolved.output())); // run's checks of the output folder, without creating it
        String prepared = null;
        if (resolved.kind() == ExperimentKind.MODEL) {
            try (LoadedModel model = LoadedModel.open(resolved)) {
                Experiments.warn(spec.commandLine().getErr(), model.notices());
                Experiments.checkAgainstModel(resolved, model, plugins, loaded.source());
                prepared = prepared(model.positions());
            }
        }
        spec.commandLine().getOut().println("ok: " + summary(resolved));
        if (prepared != null) {
            spec.commandLine().getOut().println(prepared);
        }
        return ExitCodes.OK;
    }

    /**
     * What validating left on disk: reading an extended model rewrites its export into the positions cache
     * (tens of MB) unless it was there already; {@code run} then reuses that file.
     */
    static String prepared(ExtendedPositions positions) {
        if (positions == null) {
            return null;
        }
        String size = sizeOf(positions.cachedFile());
        return positions.reused()
                ? "prepared: nothing new; the export extended to " + positions.extendTo() + " positions (" + positions.method().configName()
                        + ") was in the cache already: " + positions.cachedFile() + size
                : "prepared: the export extended to " + positions.extendTo() + " positions (" + positions.method().configName()
                        + "), written to " + positions.cachedFile() + size + "; run reuses it (delete it to free the space)";
    }

    private static String sizeOf(Path file) {
        try {
            return " (" + MemoryBudget.bytes(Files.size(file)) + ")";
        } catch (IOException e) {
            return "";
        }
    }

    static String summary(ExperimentConfig c) {
        String variants = c.variants().stream().map(VariantSpec::label).collect(Collectors.joining(", "));
        String what = c.kind() == ExperimentKind.KERNEL
                ? "kernel sweep, " + c.kernel().describe()
                : c.corpus().documents() == 0 && !c.tasksOrEmpty().isEmpty()
                ? c.reference().displayName() + ", tasks alone (" + c.tasksOrEmpty().stream().map(t -> t.label()).collect(Collectors.joining(", ")) + ")"
                : c.reference().displayName() + " on " + c.corpus().displayName() + " (" + c.corpus().documents() + " documents)";
        return c.name() + ": " + what + ", context sizes " + c.contextSizes() + ", "
                + c.variants().size() + " variant" + (c.variants().size() == 1 ? "" : "s") + " (" + variants + "), "
                + c.measure().threads() + " thread" + (c.measure().threads() == 1 ? "" : "s") + ", output " + c.output();
    }
}
