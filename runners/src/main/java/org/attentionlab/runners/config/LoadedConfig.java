package org.attentionlab.runners.config;

import java.nio.file.Path;

/**
 * A parsed experiment file with its source, for messages that point into it, and the folder it was read
 * from: relative data paths in it (corpus.file, reference.onnx, reference.tokenizer) resolve against that
 * folder, as most tools resolve paths written in a file.
 */
public record LoadedConfig(ExperimentConfig config, ConfigSource source, Path folder) {

    public LoadedConfig {
        folder = (folder == null ? Path.of("") : folder).toAbsolutePath().normalize();
    }

    /** A config not read from a file (text in code, a stored run.json): relative paths resolve against the working folder. */
    public LoadedConfig(ExperimentConfig config, ConfigSource source) {
        this(config, source, null);
    }

    /** {@code path} as an absolute path: relative ones resolve against the config file's folder. */
    public String resolve(String path) {
        return folder.resolve(path).toAbsolutePath().normalize().toString();
    }
}
