package org.attentionlab.core.plugin;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/** The parameters of one plugin; checks a raw YAML map against them and fills the defaults. */
public final class ParameterSchema {

    private final String plugin;
    private final List<ParamSpec> specs;

    public ParameterSchema(String plugin, List<ParamSpec> specs) {
        this.plugin = plugin;
        this.specs = List.copyOf(specs);
    }

    public List<ParamSpec> specs() {
        return specs;
    }

    /**
     * Validates {@code raw} and returns every parameter in spec order with defaults filled.
     *
     * @throws InvalidParamsException naming the key and what is allowed
     */
    public Map<String, Object> resolve(Map<String, ?> raw) {
        Map<String, ?> given = raw == null ? Map.of() : raw;
        for (String key : given.keySet()) {
            if (specs.stream().noneMatch(s -> s.name().equals(key))) {
                throw new InvalidParamsException(key, "unknown parameter '" + key + "' for " + plugin + "; allowed: " + allowedKeys());
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
