package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.attentionlab.runners.Fixtures;
import org.attentionlab.runners.results.ResultsJson;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** compare and report refuse a results.json that breaks its schema: one line naming the first bad field, exit 2. */
class MalformedResultsTest {

    @TempDir
    Path tmp;

    private Path good() throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("good"));
        Files.writeString(dir.resolve("results.json"), ResultsJson.pretty(Fixtures.results(List.of(
                Fixtures.cell("full", 16, 1.0, 1.0), Fixtures.cell("window", 16, 0.9, 0.5)))));
        return dir;
    }

    private Path broken(String name, Consumer<ObjectNode> damage) throws IOException {
        ObjectNode tree = (ObjectNode) ResultsJson.MAPPER.readTree(good().resolve("results.json").toFile());
        damage.accept(tree);
        Path dir = Files.createDirectories(tmp.resolve(name));
        Files.writeString(dir.resolve("results.json"), ResultsJson.pretty(tree));
        return dir;
    }

    private static ObjectNode cell(ObjectNode tree, int i) {
        return (ObjectNode) tree.get("cells").get(i);
    }

    private void refused(Path dir, String field) throws IOException {
        Path file = dir.resolve("results.json");
        Cli compare = Cli.run("compare", good().toString(), dir.toString());
        assertEquals(2, compare.code, compare.toString());
        assertEquals("error: invalid results file " + file + ": " + field + "\n", compare.err);
        Cli reversed = Cli.run("compare", dir.toString(), good().toString());
        assertEquals(2, reversed.code, reversed.toString());
        Cli report = Cli.run("report", dir.toString());
        assertEquals(2, report.code, report.toString());
        assertEquals("error: invalid results file " + file + ": " + field + "\n", report.err);
    }

    @Test
    void aNaNMetricIsInvalidNotWithinTolerance() throws IOException {
        refused(broken("nan", t -> ((ObjectNode) cell(t, 1).get("accuracy")).put("embeddingCosine", "NaN")),
                "cells[1].accuracy.embeddingCosine: string found, [number, null] expected");
    }

    @Test
    void anEmptyCellIsInvalidNotABug() throws IOException {
        refused(broken("empty-cell", t -> ((ArrayNode) t.get("cells")).removeAll().addObject()),
                "cells[0]: required property 'variant' not found");
    }

    @Test
    void anOkCellWithoutAccuracyIsInvalidNotIdentical() throws IOException {
        refused(broken("no-accuracy", t -> cell(t, 0).putNull("accuracy")),
                "cells[0].accuracy: null found, object expected");
    }

    @Test
    void aPositionsRecordWithoutItsLengthOrACorpusCountAsTextIsInvalid() throws IOException {
        refused(broken("positions", t -> t.putObject("positions").put("sourceRows", 512).put("method", "copy")
                        .put("cachedFile", "/cache/x.onnx").put("cachedSha256", "0".repeat(64))),
                "positions: required property 'extendTo' not found");
        refused(broken("corpus", t -> t.putObject("corpus").put("contextSize", 16).put("documents", 2).put("distinctLines", "2")
                        .put("linesUsed", 2).put("corpusLines", 9)),
                "corpus.distinctLines: string found, integer expected");
    }
}
