package org.attentionlab.core.plugin;

/** The YAML type a plugin parameter accepts (see {@link ParamSpec}). */
@ExtensionPoint
public enum ParamType {
    /** A YAML integer, resolved to an Integer. */
    INTEGER("integer"),
    /** Any YAML number, resolved to a Double. */
    NUMBER("number"),
    /** A YAML string from a fixed list of choices. */
    CHOICE("string"),
    /** Free text that the plugin parses itself (a mask or score expression). */
    TEXT("expression"),
    /** A YAML boolean. */
    BOOLEAN("boolean");

    private final String label;

    ParamType(String label) {
        this.label = label;
    }

    /** The type as the {@code plugins} table and error messages name it, e.g. {@code "integer"}. */
    public String label() {
        return label;
    }
}
