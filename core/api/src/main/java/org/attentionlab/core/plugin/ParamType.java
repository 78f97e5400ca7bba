package org.attentionlab.core.plugin;

/** The YAML type a plugin parameter accepts. */
public enum ParamType {
    INTEGER("integer"),
    NUMBER("number"),
    CHOICE("string"),
    BOOLEAN("boolean");

    private final String label;

    ParamType(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
