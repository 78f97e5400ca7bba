package org.attentionlab.runners.cli;

import java.nio.file.Path;
import org.attentionlab.core.model.ModelSource;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.config.ConfigLoader;
import org.attentionlab.runners.config.ConfigValidator;
import org.attentionlab.runners.config.ExperimentConfig;

/** Loads and resolves an experiment file the way every command does. */
final class Experiments {

    private Experiments() {
    }

    static ExperimentConfig load(Path file) {
        return validator(PluginRegistry.load()).resolve(ConfigLoader.load(file));
    }

    static ConfigValidator validator(PluginRegistry plugins) {
        return new ConfigValidator(plugins, ModelSource.builtInNames());
    }
}
