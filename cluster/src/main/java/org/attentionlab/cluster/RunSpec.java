package org.attentionlab.cluster;

import java.io.Serializable;
import java.util.List;
import org.attentionlab.core.plugin.PluginJar;

/**
 * What every task of a run carries to an executor: the resolved config (as JSON, the form run.json holds)
 * and the SHA-256 of the model file the driver loaded, which names the model in the executor's cache and
 * catches an executor whose copy of a user export differs from the driver's.
 *
 * @param configJson   the resolved {@code ExperimentConfig}, as JSON
 * @param modelSha256  SHA-256 of the ONNX file, hex
 * @param pluginPath   the driver's plugin path entries (jars or folders), absolute; empty with built-in plugins only
 * @param pluginJars   the driver's jars of those entries, as JSON ({@link PluginJar}s): an executor loads the same
 *                     bytes or fails
 */
record RunSpec(String configJson, String modelSha256, List<String> pluginPath, String pluginJars) implements Serializable {

    /** A run with built-in plugins only. */
    RunSpec(String configJson, String modelSha256) {
        this(configJson, modelSha256, List.of(), "[]");
    }
}
