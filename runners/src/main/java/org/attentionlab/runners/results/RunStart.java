package org.attentionlab.runners.results;

import org.attentionlab.runners.config.ExperimentConfig;

/** {@code run.json}, written when a run starts: what {@code --resume} checks a config against. */
public record RunStart(int schemaVersion, ExperimentConfig config, Environment environment, String startedAt) {
}
