package org.attentionlab.runners.config;

/** A parsed experiment file with its source, for messages that point into it. */
public record LoadedConfig(ExperimentConfig config, ConfigSource source) {
}
