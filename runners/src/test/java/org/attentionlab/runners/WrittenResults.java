package org.attentionlab.runners;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionlab.runners.results.ResultsJson;
import org.attentionlab.runners.results.ResultsSchema;

/**
 * What every test of a writer of results.json asserts about the file it wrote: it passes the schema that
 * {@code compare}, {@code report} and {@code history} check on every read, and holds no NaN or infinity in any form.
 */
public final class WrittenResults {

    /** A NaN or infinity as a JSON value (Jackson writes them as strings, or bare with a feature on). */
    private static final java.util.regex.Pattern NON_FINITE = java.util.regex.Pattern.compile("[:\\[,]\\s*\"?(NaN|-?Infinity)\"?\\s*[,\\]}]");

    private WrittenResults() {
    }

    /** @param runFolder a run folder holding results.json */
    public static void assertConformsToSchema(Path runFolder) {
        try {
            String text = Files.readString(runFolder.resolve("results.json"));
            JsonNode tree = ResultsJson.MAPPER.readTree(text);
            assertNull(ResultsSchema.firstViolation(tree), runFolder + "/results.json");
            assertFalse(NON_FINITE.matcher(text).find(), runFolder + "/results.json holds a non-finite number");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
