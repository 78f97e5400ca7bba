package org.attentionlab.cluster;

import java.io.Serializable;

/**
 * What every task of a run carries to an executor: the resolved config (as JSON, the form run.json holds)
 * and the SHA-256 of the model file the driver loaded, which names the model in the executor's cache and
 * catches an executor whose copy of a user export differs from the driver's.
 *
 * @param configJson   the resolved {@code ExperimentConfig}, as JSON
 * @param modelSha256  SHA-256 of the ONNX file, hex
 */
record RunSpec(String configJson, String modelSha256) implements Serializable {
}
