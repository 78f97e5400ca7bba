package org.attentionlab.runners.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadFeature;
import com.fasterxml.jackson.core.exc.StreamReadException;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLParser;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Refuses the YAML that data binding would silently misread: a key given twice (the last value would
 * win), aliases (Jackson reads a scalar alias {@code *s} as the string "s") and anchored collections, merge keys
 * {@code <<}, and a file of several documents (only the first would be read). It walks the parser's tokens
 * once, before binding, so the messages can point at the construct itself.
 */
final class YamlStructure {

    static final YAMLFactory FACTORY = YAMLFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            .build();

    private static final Pattern DUPLICATE = Pattern.compile("Duplicate (?:field|Object property) ['\"](.*)['\"]");

    private YamlStructure() {
    }

    /** Returns normally for a single plain document; syntax errors are left to the binder, which reports them. */
    static void check(String text, ConfigSource source) {
        try (YAMLParser parser = (YAMLParser) FACTORY.createParser(text)) {
            int depth = 0;
            boolean rootDone = false;
            JsonToken token;
            while ((token = next(parser, text, source)) != null) {
                if (rootDone) {
                    throw new ConfigException(at(source, parser.currentTokenLocation())
                            + "the file holds several YAML documents (separated by ---); an experiment is one");
                }
                if (parser.isCurrentAlias()) {
                    throw new ConfigException(at(source, parser.currentTokenLocation()) + "YAML aliases (*" + parser.getText()
                            + ") are not supported; write the value out");
                }
                if (parser.getObjectId() != null && token != JsonToken.FIELD_NAME) {
                    throw new ConfigException(at(source, parser.currentTokenLocation()) + "YAML anchors (&" + parser.getObjectId()
                            + ") and aliases are not supported; write the value out");
                }
                if (token == JsonToken.FIELD_NAME && "<<".equals(parser.currentName())) {
                    throw new ConfigException(at(source, parser.currentTokenLocation()) + "YAML merge keys (<<) are not supported; write the values out");
                }
                if (token == JsonToken.START_OBJECT || token == JsonToken.START_ARRAY) {
                    depth++;
                } else if (token == JsonToken.END_OBJECT || token == JsonToken.END_ARRAY) {
                    depth--;
                }
                rootDone = depth == 0 && token != JsonToken.FIELD_NAME;
            }
        } catch (IOException e) {
            // a syntax error: the binder reads the same text and reports it with its position
        }
    }

    private static JsonToken next(YAMLParser parser, String text, ConfigSource source) throws IOException {
        try {
            return parser.nextToken();
        } catch (StreamReadException e) {
            Matcher dup = DUPLICATE.matcher(e.getOriginalMessage());
            if (!dup.find()) {
                throw e;
            }
            // The context already holds the repeated name: its path is the key's own.
            String pointer = parser.getParsingContext().pathAsPointer().toString();
            List<JsonLocation> keys = occurrences(text, pointer);
            if (keys.size() < 2) {
                throw e;
            }
            String dotted = pointer.substring(1).replace('/', '.').replaceAll("\\.(\\d+)(?=\\.|$)", "[$1]");
            throw new ConfigException(at(source, keys.get(1)) + "'" + dotted + "' is given twice (lines " + keys.get(0).getLineNr()
                    + " and " + keys.get(1).getLineNr() + "); keep one");
        }
    }

    /** Where the key at {@code pointer} is written, in order: a parser without duplicate detection reads past the repeat. */
    private static List<JsonLocation> occurrences(String text, String pointer) {
        JsonPointer target = JsonPointer.compile(pointer);
        List<JsonLocation> found = new ArrayList<>();
        try (JsonParser parser = new YAMLFactory().createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null && found.size() < 2) {
                if (token == JsonToken.FIELD_NAME && parser.getParsingContext().pathAsPointer().equals(target)) {
                    found.add(parser.currentTokenLocation());
                }
            }
        } catch (IOException e) {
            // the duplicate came first; what was found is enough or the caller reports Jackson's own message
        }
        return found;
    }

    private static String at(ConfigSource source, JsonLocation loc) {
        return source.name() + ":" + loc.getLineNr() + ":" + loc.getColumnNr() + ": ";
    }
}
