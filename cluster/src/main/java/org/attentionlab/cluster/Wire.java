package org.attentionlab.cluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import org.attentionlab.runners.results.ResultsJson;

/**
 * Tasks and their results travel between driver and executors as JSON text, in the project's results
 * mapper: the records need not be {@link java.io.Serializable}, and doubles and floats round-trip exactly
 * (so a cell aggregated on the driver equals the local engine's).
 */
final class Wire {

    private Wire() {
    }

    static String write(Object value) {
        return ResultsJson.line(value);
    }

    static <T> T read(String json, Class<T> type) {
        try {
            return ResultsJson.MAPPER.readValue(json, type);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read a " + type.getSimpleName() + " sent by Spark", e);
        }
    }
}
