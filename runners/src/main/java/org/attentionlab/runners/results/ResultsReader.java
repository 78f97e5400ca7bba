package org.attentionlab.runners.results;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionlab.core.error.UserFacingException;

/** Reads a finished run for {@code compare}: a run folder or its {@code results.json}. */
public final class ResultsReader {

    private ResultsReader() {
    }

    public static RunResults read(Path path) {
        Path file = Files.isDirectory(path) ? path.resolve("results.json") : path;
        if (!Files.exists(path)) {
            throw new UserFacingException("no such run folder or results file: " + path);
        }
        if (Files.isDirectory(path) && !Files.exists(file)) {
            String hint = Files.exists(path.resolve("cells.jsonl"))
                    ? " (an interrupted run: finish it with attnlab run CONFIG --resume " + path + ")" : "";
            throw new UserFacingException("not a finished run: " + path + " has no results.json" + hint);
        }
        JsonNode tree;
        try {
            tree = ResultsJson.MAPPER.readTree(file.toFile());
        } catch (IOException e) {
            throw new UserFacingException("not an attention-lab results file: " + file + " (not JSON)");
        }
        if (tree == null || !tree.isObject() || !tree.has("schemaVersion") || !tree.path("cells").isArray() || !tree.has("config")) {
            throw new UserFacingException("not an attention-lab results file: " + file + " (no schemaVersion, config and cells)");
        }
        int version = tree.get("schemaVersion").asInt();
        if (version < RunResults.FIRST_SCHEMA_VERSION || version > RunResults.SCHEMA_VERSION) {
            throw new UserFacingException("unsupported results schemaVersion " + version + " in " + file
                    + " (this attnlab reads " + RunResults.FIRST_SCHEMA_VERSION + " to " + RunResults.SCHEMA_VERSION + ")");
        }
        String violation = ResultsSchema.firstViolation(tree);
        if (violation != null) {
            throw new UserFacingException("invalid results file " + file + ": " + violation);
        }
        try {
            return ResultsJson.MAPPER.treeToValue(tree, RunResults.class);
        } catch (IOException e) {
            throw new UserFacingException("not an attention-lab results file: " + file + " ("
                    + e.getMessage().lines().findFirst().orElse("") + ")");
        }
    }
}
