package org.attentionlab.runners.config;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonPointer;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;

/**
 * The text of an experiment file and its name, able to say where a value sits in it. Jackson buffers
 * the fields of a record before building it, so its own error locations point past the value; scanning
 * the tokens for the path gives the real line and column.
 */
public final class ConfigSource {

    private static final YAMLFactory YAML = new YAMLFactory();

    private final String name;
    private final String text;

    public ConfigSource(String name, String text) {
        this.name = name;
        this.text = text;
    }

    public String name() {
        return name;
    }

    /**
     * The message prefix for a value at {@code pointer} (JSON Pointer, e.g. {@code /variants/1/name}):
     * {@code file:line:column: }, or {@code file: } when the path is not in the text.
     */
    public String at(String pointer) {
        JsonLocation loc = locate(pointer);
        // A missing key (a required parameter, say) has no position: point at the nearest enclosing value.
        String parent = pointer;
        while (loc == null && parent.lastIndexOf('/') > 0) {
            parent = parent.substring(0, parent.lastIndexOf('/'));
            loc = locate(parent);
        }
        return loc == null ? name + ": " : name + ":" + loc.getLineNr() + ":" + loc.getColumnNr() + ": ";
    }

    private JsonLocation locate(String pointer) {
        JsonPointer target = JsonPointer.compile(pointer);
        try (JsonParser parser = YAML.createParser(text)) {
            JsonToken token;
            while ((token = parser.nextToken()) != null) {
                if (token == JsonToken.FIELD_NAME && parser.getParsingContext().pathAsPointer().equals(target)) {
                    return parser.currentTokenLocation();
                }
                if (token != JsonToken.FIELD_NAME && token != JsonToken.END_OBJECT && token != JsonToken.END_ARRAY
                        && parser.getParsingContext().pathAsPointer().equals(target)) {
                    return parser.currentTokenLocation();
                }
            }
        } catch (IOException e) {
            return null; // unparseable text: the caller reports the file without a position
        }
        return null;
    }
}
