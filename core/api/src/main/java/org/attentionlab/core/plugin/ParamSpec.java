package org.attentionlab.core.plugin;

import java.util.List;

/**
 * One parameter of a plugin: its name, type, default (null when required), allowed range and meaning.
 * The same spec validates the YAML, fills defaults and prints the {@code plugins} table. Immutable; build
 * one with the static factories ({@link #integer}, {@link #number}, {@link #choice}, {@link #bool}).
 *
 * @param name         the YAML key under {@code params:}
 * @param type         the YAML type accepted
 * @param defaultValue filled in when the key is absent (Integer, Double, String or Boolean to match
 *                     {@code type}); null makes the parameter required
 * @param min          the smallest allowed value, inclusive, for INTEGER and NUMBER; null for none
 * @param max          the largest allowed value, inclusive, for INTEGER and NUMBER; null for none
 * @param choices      the allowed strings for CHOICE, empty otherwise (null is taken as empty)
 * @param description  one line for the {@code plugins} table
 * @param appliesWhen  the mode this parameter belongs to, or null when it always applies
 */
@ExtensionPoint
public record ParamSpec(String name, ParamType type, Object defaultValue, Double min, Double max,
                        List<String> choices, String description, AppliesWhen appliesWhen) {

    /**
     * A parameter that only means something in one mode, e.g. {@code features} only with
     * {@code featureMap: favor}: outside it the default is not filled and a given value is an error.
     * Resolving a resolved map again gives the same map, so recorded params can be replayed.
     *
     * @param key    the parameter that selects the mode
     * @param values the values of {@code key} for which this parameter applies
     */
    public record AppliesWhen(String key, List<String> values) {
        /** Keeps an immutable copy of {@code values}. */
        public AppliesWhen {
            values = List.copyOf(values);
        }
    }

    /** Keeps an immutable copy of {@code choices}; nothing else is checked here. */
    public ParamSpec {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    private ParamSpec(String name, ParamType type, Object defaultValue, Double min, Double max, List<String> choices,
                      String description) {
        this(name, type, defaultValue, min, max, choices, description, null);
    }

    /**
     * This parameter, applying only when {@code key} (a parameter listed before this one) resolves to one of
     * {@code values}; a new spec, this one is unchanged.
     */
    public ParamSpec onlyWhen(String key, String... values) {
        return new ParamSpec(name, type, defaultValue, min, max, choices, description, new AppliesWhen(key, List.of(values)));
    }

    /**
     * An integer parameter in {@code [min, max]}; YAML integers only (1.0 is refused), resolved to an Integer.
     * Use {@code Integer.MAX_VALUE} as {@code max} for no upper bound.
     *
     * @param defaultValue the value when absent, or null to make it required
     */
    public static ParamSpec integer(String name, Integer defaultValue, long min, long max, String description) {
        return new ParamSpec(name, ParamType.INTEGER, defaultValue, (double) min, (double) max, List.of(), description);
    }

    /** A required integer parameter in {@code [min, max]}: {@link #integer} without a default. */
    public static ParamSpec requiredInteger(String name, long min, long max, String description) {
        return integer(name, null, min, max, description);
    }

    /**
     * A real parameter in {@code [min, max]}; any YAML number (integers included, NaN refused), resolved to a
     * Double. Use {@code Double.MAX_VALUE} or {@code -Double.MAX_VALUE} for an open side.
     *
     * @param defaultValue the value when absent, or null to make it required
     */
    public static ParamSpec number(String name, Double defaultValue, double min, double max, String description) {
        return new ParamSpec(name, ParamType.NUMBER, defaultValue, min, max, List.of(), description);
    }

    /**
     * A string parameter that must be one of {@code choices} (compared exactly, case included).
     *
     * @param defaultValue the value when absent (one of {@code choices}), or null to make it required
     */
    public static ParamSpec choice(String name, String defaultValue, List<String> choices, String description) {
        return new ParamSpec(name, ParamType.CHOICE, defaultValue, null, null, choices, description);
    }

    /**
     * A string the plugin parses itself, e.g. a mask expression; {@code allowed()} reads "expression".
     *
     * @param defaultValue the value when absent, or null to make it required
     */
    public static ParamSpec text(String name, String defaultValue, String description) {
        return new ParamSpec(name, ParamType.TEXT, defaultValue, null, null, List.of(), description);
    }

    /**
     * A boolean parameter; a value the YAML parser did not read as a boolean (a quoted {@code "true"}, or
     * {@code 1}) is refused.
     *
     * @param defaultValue the value when absent, or null to make it required
     */
    public static ParamSpec bool(String name, Boolean defaultValue, String description) {
        return new ParamSpec(name, ParamType.BOOLEAN, defaultValue, null, null, List.of(), description);
    }

    /** True when the parameter has no default, so a variant must give it (unless its mode does not apply). */
    public boolean required() {
        return defaultValue == null;
    }

    /** The allowed values in words, e.g. {@code integer >= 1}, {@code integer in [1, 4096]}, {@code one of elu, relu}. */
    public String allowed() {
        return switch (type) {
            case CHOICE -> "one of " + String.join(", ", choices);
            case BOOLEAN -> "true or false";
            case TEXT -> "expression";
            case INTEGER, NUMBER -> type.label() + rangeText();
        };
    }

    private String rangeText() {
        boolean hasMin = min != null && min > -Double.MAX_VALUE && !(type == ParamType.INTEGER && min <= Long.MIN_VALUE);
        boolean hasMax = max != null && max < Double.MAX_VALUE && !(type == ParamType.INTEGER && max >= Integer.MAX_VALUE);
        if (hasMin && hasMax) {
            return " in [" + num(min) + ", " + num(max) + "]";
        }
        if (hasMin) {
            return " >= " + num(min);
        }
        if (hasMax) {
            return " <= " + num(max);
        }
        return "";
    }

    private String num(double value) {
        return type == ParamType.INTEGER || value == Math.rint(value) ? Long.toString((long) value) : Double.toString(value);
    }
}
