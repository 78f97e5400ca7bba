package org.attentionlab.runners.config;

import com.fasterxml.jackson.annotation.JsonValue;

/**
 * What an experiment measures; {@code kind:} in the YAML, written as its lower-case name in run.json and
 * results.json.
 */
public enum ExperimentKind {

    /** The Java model with each variant against ONNX Runtime running the same export, on real text. */
    MODEL("model"),

    /** Attention alone on random Q, K, V, each variant against full attention on the same inputs. */
    KERNEL("kernel");

    private final String yamlName;

    ExperimentKind(String yamlName) {
        this.yamlName = yamlName;
    }

    /** The name the YAML and the JSON files use. */
    @JsonValue
    public String yamlName() {
        return yamlName;
    }

    /** The YAML name, so that messages list the accepted values as the user writes them. */
    @Override
    public String toString() {
        return yamlName;
    }
}
