package org.attentionlab.core.plugin;

import java.util.List;

/**
 * One parameter of a plugin: its name, type, default (null when required), allowed range and meaning.
 * The same spec validates the YAML, fills defaults and prints the {@code plugins} table.
 */
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
        public AppliesWhen {
            values = List.copyOf(values);
        }
    }

    public ParamSpec {
        choices = choices == null ? List.of() : List.copyOf(choices);
    }

    private ParamSpec(String name, ParamType type, Object defaultValue, Double min, Double max, List<String> choices,
                      String description) {
        this(name, type, defaultValue, min, max, choices, description, null);
    }

    /** This parameter, applying only when {@code key} has one of {@code values}. */
    public ParamSpec onlyWhen(String key, String... values) {
        return new ParamSpec(name, type, defaultValue, min, max, choices, description, new AppliesWhen(key, List.of(values)));
    }

    public static ParamSpec integer(String name, Integer defaultValue, long min, long max, String description) {
        return new ParamSpec(name, ParamType.INTEGER, defaultValue, (double) min, (double) max, List.of(), description);
    }

    public static ParamSpec requiredInteger(String name, long min, long max, String description) {
        return integer(name, null, min, max, description);
    }

    public static ParamSpec number(String name, Double defaultValue, double min, double max, String description) {
        return new ParamSpec(name, ParamType.NUMBER, defaultValue, min, max, List.of(), description);
    }

    public static ParamSpec choice(String name, String defaultValue, List<String> choices, String description) {
        return new ParamSpec(name, ParamType.CHOICE, defaultValue, null, null, choices, description);
    }

    public static ParamSpec bool(String name, Boolean defaultValue, String description) {
        return new ParamSpec(name, ParamType.BOOLEAN, defaultValue, null, null, List.of(), description);
    }

    public boolean required() {
        return defaultValue == null;
    }

    /** The allowed values in words, e.g. {@code integer >= 1}, {@code integer in [1, 4096]}, {@code one of elu, relu}. */
    public String allowed() {
        return switch (type) {
            case CHOICE -> "one of " + String.join(", ", choices);
            case BOOLEAN -> "true or false";
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
