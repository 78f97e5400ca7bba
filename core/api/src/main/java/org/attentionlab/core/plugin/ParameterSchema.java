package org.attentionlab.core.plugin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The parameters of one plugin; checks a raw YAML map against them and fills the defaults. Immutable and
 * safe to share between threads. {@link TypedAttentionFactory} uses it; plugins declare {@link ParamSpec}s.
 */
public final class ParameterSchema {

    private final String plugin;
    private final List<ParamSpec> specs;

    /**
     * The schema of one plugin; keeps an immutable copy of {@code specs}.
     *
     * @param plugin the plugin's name, quoted in error messages
     * @param specs  the parameters in the order they resolve (a mode parameter before those that depend on it)
     */
    public ParameterSchema(String plugin, List<ParamSpec> specs) {
        this.plugin = plugin;
        this.specs = List.copyOf(specs);
    }

    /** The parameters, in resolution order; immutable. */
    public List<ParamSpec> specs() {
        return specs;
    }

    /**
     * Validates {@code raw} and returns every parameter in spec order with defaults filled (a parameter whose
     * mode does not apply is left out). Integers come back as Integer, numbers as Double.
     *
     * @param raw the YAML map as parsed, or null for none
     * @return a new, modifiable map in spec order
     * @throws InvalidParamsException naming the key and what is allowed
     */
    public Map<String, Object> resolve(Map<String, ?> raw) {
        Map<String, ?> given = raw == null ? Map.of() : raw;
        for (String key : given.keySet()) {
            if (specs.stream().noneMatch(s -> s.name().equals(key))) {
                // a researcher who writes a mask on another plugin is told where masks go
                String hint = key.equals("mask") || key.equals("score")
                        ? " (masks and score modifiers are written with name: masked)" : "";
                throw new InvalidParamsException(key, "unknown parameter '" + key + "' for " + plugin + "; allowed: " + allowedKeys() + hint);
            }
        }
        Map<String, Object> resolved = new LinkedHashMap<>();
        for (ParamSpec spec : specs) {
            Object value = given.get(spec.name());
            ParamSpec.AppliesWhen when = spec.appliesWhen();
            if (when != null && !when.values().contains(String.valueOf(resolved.get(when.key())))) {
                if (value != null) {
                    throw new InvalidParamsException(spec.name(), "parameter '" + spec.name() + "' of " + plugin + " only applies to "
                            + when.key() + " " + String.join(" or ", when.values()) + ", not " + resolved.get(when.key()));
                }
                continue; // not in this mode: no default either
            }
            if (value == null) {
                if (spec.required()) {
                    throw new InvalidParamsException(null, "parameter '" + spec.name() + "' of " + plugin + " is required (" + spec.allowed() + ")");
                }
                value = spec.defaultValue();
            } else {
                value = check(spec, value);
            }
            resolved.put(spec.name(), value);
        }
        return resolved;
    }

    private String allowedKeys() {
        return specs.isEmpty() ? "(none)" : specs.stream().map(ParamSpec::name).collect(Collectors.joining(", "));
    }

    private Object check(ParamSpec spec, Object value) {
        switch (spec.type()) {
            case INTEGER -> {
                if (!(value instanceof Integer || value instanceof Long || value instanceof Short)) {
                    throw wrong(spec, value);
                }
                long v = ((Number) value).longValue();
                if ((spec.min() != null && v < spec.min()) || (spec.max() != null && v > spec.max())) {
                    throw wrong(spec, value);
                }
                return Math.toIntExact(v);
            }
            case NUMBER -> {
                if (!(value instanceof Number)) {
                    throw wrong(spec, value);
                }
                double v = ((Number) value).doubleValue();
                if (Double.isNaN(v) || (spec.min() != null && v < spec.min()) || (spec.max() != null && v > spec.max())) {
                    throw wrong(spec, value);
                }
                return v;
            }
            case CHOICE -> {
                if (!(value instanceof String s) || !spec.choices().contains(s)) {
                    throw wrong(spec, value);
                }
                return value;
            }
            case TEXT -> {
                if (!(value instanceof String)) {
                    throw wrong(spec, value);
                }
                return value;
            }
            case BOOLEAN -> {
                if (!(value instanceof Boolean)) {
                    throw wrong(spec, value);
                }
                return value;
            }
            default -> throw new IllegalStateException("unhandled type " + spec.type());
        }
    }

    private InvalidParamsException wrong(ParamSpec spec, Object value) {
        String shown = value instanceof String ? "'" + value + "'" : String.valueOf(value);
        return new InvalidParamsException(spec.name(), "parameter '" + spec.name() + "' of " + plugin + " must be " + spec.allowed() + ", got " + shown);
    }
}
