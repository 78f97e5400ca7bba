package org.attentionlab.runners.cli;

import java.nio.file.Path;
import java.util.List;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.config.ConfigLoader;
import org.attentionlab.runners.config.ConfigValidator;
import org.attentionlab.runners.config.ExperimentConfig;

/** Loads and resolves an experiment file the way every command does. */
final class Experiments {

    static final List<String> BUILT_IN_MODELS = List.of("all-minilm-l6-v2", "e5-small-v2");

    private Experiments() {
    }

    static ExperimentConfig load(Path file) {
        return validator(PluginRegistry.load()).resolve(ConfigLoader.load(file));
    }

    static ConfigValidator validator(PluginRegistry plugins) {
        return new ConfigValidator(plugins, BUILT_IN_MODELS);
    }
}
