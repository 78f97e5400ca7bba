package org.attentionlab.runners.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.MapperFeature;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;
import com.fasterxml.jackson.databind.exc.InvalidFormatException;
import com.fasterxml.jackson.databind.exc.MismatchedInputException;
import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;

/** Reads an experiment YAML into an {@link ExperimentConfig}; every failure names the file, line and column. */
public final class ConfigLoader {

    private static final YAMLMapper MAPPER = YAMLMapper.builder(YamlStructure.FACTORY)
            .enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .enable(DeserializationFeature.FAIL_ON_NULL_FOR_PRIMITIVES)
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
            // "kind: 0" is a mistake, not the first kind.
            .enable(DeserializationFeature.FAIL_ON_NUMBERS_FOR_ENUMS)
            // "contextSizes: [32, '64']" or "threads: 1.5" is a mistake, not something to coerce.
            .disable(MapperFeature.ALLOW_COERCION_OF_SCALARS)
            // "contextSizes: [16.99]" or "documents: 2.9" would otherwise be truncated to an integer.
            .withCoercionConfig(LogicalType.Integer, c -> c.setCoercion(CoercionInputShape.Float, CoercionAction.Fail))
            .build();

    private ConfigLoader() {
    }

    public static LoadedConfig load(Path file) {
        LoadedConfig parsed = parse(ConfigText.read(file), file.toString());
        return new LoadedConfig(parsed.config(), parsed.source(), file.toAbsolutePath().getParent());
    }

    /** Parses YAML text; {@code name} names it in messages. */
    public static LoadedConfig parse(String text, String name) {
        ConfigSource source = new ConfigSource(name, text);
        if (text.isBlank()) {
            throw new ConfigException(name + ": the file is empty");
        }
        YamlStructure.check(text, source);
        try {
            ExperimentConfig config = MAPPER.readValue(text, ExperimentConfig.class);
            if (config == null) {
                throw new ConfigException(name + ": the file is empty");
            }
            return new LoadedConfig(config, source);
        } catch (UnrecognizedPropertyException e) {
            List<String> known = e.getKnownPropertyIds().stream().map(Object::toString).sorted().collect(Collectors.toList());
            throw new ConfigException(source.at(pointer(e.getPath())) + "unknown field '" + e.getPropertyName() + "'" + in(e)
                    + "; allowed: " + String.join(", ", known));
        } catch (InvalidFormatException e) {
            throw new ConfigException(source.at(pointer(e.getPath())) + field(e) + " must be " + typeName(e.getTargetType())
                    + ", got '" + e.getValue() + "'");
        } catch (MismatchedInputException e) {
            throw new ConfigException(source.at(pointer(e.getPath())) + field(e) + " must be " + typeName(e.getTargetType())
                    + problem(e));
        } catch (JsonProcessingException e) {
            throw new ConfigException(where(name, e) + "invalid YAML: " + firstLine(e.getOriginalMessage()));
        } catch (IOException e) {
            throw new ConfigException(name + ": cannot read: " + e.getMessage());
        }
    }

    /** Syntax errors: the YAML parser's own location is exact. */
    private static String where(String source, JsonProcessingException e) {
        JsonLocation loc = e.getLocation();
        if (loc == null || loc.getLineNr() < 1) {
            return source + ": ";
        }
        return source + ":" + loc.getLineNr() + ":" + loc.getColumnNr() + ": ";
    }

    /** The JSON Pointer of a Jackson reference chain, e.g. {@code /variants/1/params}. */
    static String pointer(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                sb.append('/').append(ref.getFieldName().replace("~", "~0").replace("/", "~1"));
            } else if (ref.getIndex() >= 0) {
                sb.append('/').append(ref.getIndex());
            }
        }
        return sb.toString();
    }

    /** The dotted path of the field, e.g. {@code variants[1].params}. */
    static String path(List<JsonMappingException.Reference> refs) {
        StringBuilder sb = new StringBuilder();
        for (JsonMappingException.Reference ref : refs) {
            if (ref.getFieldName() != null) {
                if (sb.length() > 0) {
                    sb.append('.');
                }
                sb.append(ref.getFieldName());
            } else if (ref.getIndex() >= 0) {
                sb.append('[').append(ref.getIndex()).append(']');
            }
        }
        return sb.toString();
    }

    private static String field(JsonMappingException e) {
        String path = path(e.getPath());
        return path.isEmpty() ? "the document" : "'" + path + "'";
    }

    private static String in(UnrecognizedPropertyException e) {
        List<JsonMappingException.Reference> refs = e.getPath();
        String parent = path(refs.subList(0, Math.max(0, refs.size() - 1)));
        return parent.isEmpty() ? "" : " in " + parent;
    }

    private static final java.util.regex.Pattern COERCED = java.util.regex.Pattern.compile("value \\(\"(.*)\"\\)");
    private static final java.util.regex.Pattern FROM_KIND = java.util.regex.Pattern.compile(" from (\\w+) value");

    /** What was found instead, from Jackson's message ("Cannot coerce String value ("abc")", "from Array value"). */
    private static String problem(MismatchedInputException e) {
        String msg = firstLine(e.getOriginalMessage());
        java.util.regex.Matcher coerced = COERCED.matcher(msg);
        if (coerced.find()) {
            return ", got '" + coerced.group(1) + "'";
        }
        java.util.regex.Matcher kind = FROM_KIND.matcher(msg);
        if (kind.find()) {
            String k = kind.group(1).toLowerCase(java.util.Locale.ROOT);
            return ", got " + (k.equals("array") ? "a list" : k.equals("object") ? "a mapping" : "a " + k);
        }
        return "";
    }

    private static String typeName(Class<?> type) {
        if (type == null) {
            return "a different type";
        }
        if (type == Integer.class || type == int.class || type == Long.class || type == long.class) {
            return "an integer";
        }
        if (type == Boolean.class || type == boolean.class) {
            return "true or false";
        }
        if (type == String.class) {
            return "a string";
        }
        if (type.isEnum()) {
            return "one of " + java.util.Arrays.stream(type.getEnumConstants()).map(Object::toString).collect(Collectors.joining(", "));
        }
        if (List.class.isAssignableFrom(type)) {
            return "a list";
        }
        if (java.util.Map.class.isAssignableFrom(type) || type.isRecord()) {
            return "a mapping";
        }
        return "a " + type.getSimpleName();
    }

    private static String firstLine(String s) {
        if (s == null) {
            return "";
        }
        return s.lines().findFirst().orElse("").trim();
    }
}
