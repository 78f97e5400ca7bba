package org.attentionlab.runners.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Collectors;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.config.ConfigLoader;
import org.attentionlab.runners.config.ConfigValidator;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.ExperimentKind;
import org.attentionlab.runners.config.LoadedConfig;
import org.attentionlab.runners.execute.LoadedModel;
import org.attentionlab.runners.config.VariantSpec;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code attnlab validate CONFIG}: parse and check an experiment file without running it. */
@Command(name = "validate", description = {"Check an experiment file; print ok and a summary, or the error (exit 2).",
        "Reads the model, tokenizer and corpus it names and runs every check run does before the first forward pass."})
final class ValidateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Parameters(index = "0", paramLabel = "CONFIG", description = "experiment YAML file")
    Path config;

    @Override
    public Integer call() {
        LoadedConfig loaded = ConfigLoader.load(config);
        PluginRegistry plugins = PluginRegistry.load();
        ConfigValidator validator = Experiments.validator(plugins);
        ExperimentConfig resolved = validator.resolve(loaded);
        Experiments.warn(validator, spec.commandLine().getErr());
        if (resolved.kind() == ExperimentKind.MODEL) {
            try (LoadedModel model = LoadedModel.open(resolved)) {
                Experiments.checkAgainstModel(resolved, model, loaded.source());
            }
        }
        spec.commandLine().getOut().println("ok: " + summary(resolved));
        return ExitCodes.OK;
    }

    static String summary(ExperimentConfig c) {
        String variants = c.variants().stream().map(VariantSpec::label).collect(Collectors.joining(", "));
        String what = c.kind() == ExperimentKind.KERNEL
                ? "kernel sweep, " + c.kernel().heads() + " heads x dHead " + c.kernel().dHead()
                : c.reference().displayName() + " on " + c.corpus().displayName() + " (" + c.corpus().documents() + " documents)";
        return c.name() + ": " + what + ", context sizes " + c.contextSizes() + ", "
                + c.variants().size() + " variant" + (c.variants().size() == 1 ? "" : "s") + " (" + variants + "), "
                + c.measure().threads() + " thread" + (c.measure().threads() == 1 ? "" : "s") + ", output " + c.output();
    }
}
