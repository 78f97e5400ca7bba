package org.attentionlab.runners.results;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;

/**
 * The JSON Schema of {@code results.json} ({@code results.schema.json} beside this class), checked on every
 * read: a NaN written as a string, a cell without its label, an ok cell without accuracy must stop
 * {@code compare} and {@code report} with one line, not pass as "within tolerance" or fail as a bug.
 */
public final class ResultsSchema {

    static final String RESOURCE = "results.schema.json";

    private static final Schema SCHEMA = load();

    private ResultsSchema() {
    }

    private static Schema load() {
        try (InputStream in = ResultsSchema.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(RESOURCE + " is not on the classpath");
            }
            return SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The first field that breaks the schema, as {@code cells[0].accuracy.embeddingCosine: string found,
     * number expected}, or null when the document conforms.
     */
    public static String firstViolation(JsonNode results) {
        List<Error> errors = SCHEMA.validate(results);
        if (errors.isEmpty()) {
            return null;
        }
        Error first = errors.get(0);
        String where = dotted(first.getInstanceLocation().toString());
        return (where.isEmpty() ? "" : where + ": ") + first.getMessage();
    }

    /** {@code /cells/1/accuracy} (or {@code $.cells[1].accuracy}) as {@code cells[1].accuracy}, the way the config errors name fields. */
    static String dotted(String location) {
        if (location.startsWith("$")) {
            return location.replaceFirst("^\\$\\.?", "");
        }
        StringBuilder sb = new StringBuilder();
        for (String segment : location.split("/")) {
            if (segment.isEmpty()) {
                continue;
            }
            String name = segment.replace("~1", "/").replace("~0", "~");
            if (name.chars().allMatch(Character::isDigit)) {
                sb.append('[').append(name).append(']');
            } else {
                sb.append(sb.length() == 0 ? "" : ".").append(name);
            }
        }
        return sb.toString();
    }
}
