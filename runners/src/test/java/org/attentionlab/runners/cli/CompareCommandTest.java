package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.function.Consumer;
import java.util.stream.Stream;
import javax.xml.parsers.DocumentBuilderFactory;
import org.attentionlab.runners.results.ResultsJson;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** {@code attnlab compare} on a real tiny run (9 repetitions) and doctored copies of it. */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompareCommandTest {

    @TempDir
    static Path tmp;

    private Path run;
    private Path config;

    static final String CONFIG = """
            name: compare-tiny
            reference: { model: all-minilm-l6-v2 }
            corpus: { source: europarl-en, documents: 2 }
            contextSizes: [16]
            variants:
              - { name: full }
              - { name: sliding-window, label: window-4, params: { width: 4, globalTokens: 1 } }
            measure: { warmup: 2, repetitions: 9, threads: 1 }
            output: OUT
            """;

    @BeforeAll
    void runOnce() throws IOException {
        config = tmp.resolve("compare-tiny.yaml");
        Files.writeString(config, CONFIG.replace("OUT", tmp.resolve("out").toString()));
        Cli cli = Cli.sweep(config.toString());
        assertEquals(0, cli.code, cli.toString());
        run = Cli.onlyRunFolder(tmp.resolve("out"));
    }

    private ObjectNode results() throws IOException {
        return (ObjectNode) ResultsJson.MAPPER.readTree(run.resolve("results.json").toFile());
    }

    private Path doctored(String name, Consumer<ObjectNode> change) throws IOException {
        ObjectNode tree = results();
        change.accept(tree);
        Path file = tmp.resolve(name + ".json");
        ResultsJson.MAPPER.writeValue(file.toFile(), tree);
        return file;
    }

    /**
     * Each cell's samples replaced by what an idle machine gives: the reference at 10 ms and the variant at the
     * cell's measured ratio times {@code factor}, each with +-3% noise. The samples this test's own run took on
     * the shared machine spread by a factor of 5 between repetitions (other helpers' builds, JIT warm-up), too
     * much for 9 repetitions to show a 30% change, and compare rightly calls such a change insignificant.
     */
    private static void idleMachine(ObjectNode tree, double factor, long seed) {
        Random random = new Random(seed);
        for (JsonNode cell : tree.get("cells")) {
            ObjectNode cost = (ObjectNode) cell.get("cost");
            double ratio = cost.get("latencyRatioToReference").asDouble() * factor;
            ArrayNode v = cost.arrayNode();
            ArrayNode r = cost.arrayNode();
            for (int i = 0; i < 9; i++) {
                r.add(10 * (1 + (random.nextDouble() - 0.5) * 0.06));
                v.add(10 * ratio * (1 + (random.nextDouble() - 0.5) * 0.06));
            }
            cost.set("latencySamplesMs", v);
            cost.set("referenceSamplesMs", r);
        }
    }

    /** Each cell's repetitions in another order, variant and reference sample of a repetition kept together. */
    private static void shuffleRepetitions(ObjectNode tree, long seed) {
        for (JsonNode cell : tree.get("cells")) {
            ObjectNode cost = (ObjectNode) cell.get("cost");
            ArrayNode v = (ArrayNode) cost.get("latencySamplesMs");
            ArrayNode r = (ArrayNode) cost.get("referenceSamplesMs");
            List<Integer> order = new ArrayList<>();
            for (int i = 0; i < v.size(); i++) {
                order.add(i);
            }
            Collections.shuffle(order, new Random(seed));
            ArrayNode nv = cost.arrayNode();
            ArrayNode nr = cost.arrayNode();
            order.forEach(i -> {
                nv.add(v.get(i));
                nr.add(r.get(i));
            });
            cost.set("latencySamplesMs", nv);
            cost.set("referenceSamplesMs", nr);
        }
    }

    @Test
    void aRunComparedWithItselfExitsZero() {
        Cli cli = Cli.run("compare", run.toString(), run.resolve("results.json").toString());
        assertEquals(0, cli.code, cli.toString());
        assertTrue(cli.out.endsWith("nothing moved: 2 cells identical\n"), cli.out);
        assertTrue(cli.out.startsWith("accuracy: bootstrap 95% interval of paired per-document differences (10000 resamples, seed 42)"), cli.out);
        assertEquals("", cli.err);
    }

    @Test
    void aRerunExitsZero() throws IOException {
        Cli again = Cli.sweep(config.toString());
        assertEquals(0, again.code, again.toString());
        Path rerun;
        try (Stream<Path> s = Files.list(tmp.resolve("out"))) {
            rerun = s.filter(p -> !p.equals(run)).findFirst().orElseThrow();
        }
        // The machine running the tests is shared: the latency tolerance is widened so that another process's load
        // cannot fail this test; the accuracy checks run at their defaults (a rerun agrees to ~1e-8).
        Cli cli = Cli.run("compare", run.toString(), rerun.toString(), "--latency-tolerance", "0.5");
        assertEquals(0, cli.code, cli.toString());
        assertFalse(cli.out.contains("REGRESSION"), cli.out);
    }

    @Test
    void variantsMadeThirtyPercentSlowerExitOneAndNameTheCells() throws IOException {
        Path idle = doctored("idle", t -> idleMachine(t, 1.0, 1));
        Path slow = doctored("slow", t -> idleMachine(t, 1.3, 2));
        Cli cli = Cli.run("compare", idle.toString(), slow.toString());
        assertEquals(1, cli.code, cli.toString());
        for (String cell : List.of("full@16", "window-4@16")) {
            String row = cli.out.lines().filter(l -> l.startsWith(cell + " ")).findFirst().orElseThrow();
            assertTrue(row.contains("latencyRatioToReference") && row.contains("p = 0.00035 (9 vs 9 reps)") && row.endsWith("REGRESSION"), row);
        }
        assertTrue(cli.out.endsWith("2 cells matched, 2 movements, 2 regressions\n"), cli.out);
        // faster is reported the same way
        Cli faster = Cli.run("compare", slow.toString(), idle.toString());
        assertEquals(0, faster.code, faster.toString());
        assertEquals(2, faster.out.lines().filter(l -> l.endsWith("improved")).count(), faster.out);
        // and a slowdown of 30% within the shared machine's real noise is not called significant
        Path noisySlow = doctored("noisy-slow", t -> scaleVariants(t, 1.3));
        Cli noisy = Cli.run("compare", run.toString(), noisySlow.toString());
        assertTrue(noisy.out.contains("+30.0%"), noisy.out);
    }

    private static void scaleVariants(ObjectNode tree, double factor) {
        for (JsonNode cell : tree.get("cells")) {
            ArrayNode samples = (ArrayNode) cell.get("cost").get("latencySamplesMs");
            for (int i = 0; i < samples.size(); i++) {
                samples.set(i, samples.get(i).asDouble() * factor);
            }
        }
    }

    @Test
    void shufflingTheRepetitionsOfARunDoesNotChangeTheVerdict() throws IOException {
        Path shuffled = doctored("shuffled", t -> shuffleRepetitions(t, 3));
        Cli same = Cli.run("compare", run.toString(), shuffled.toString());
        assertEquals(0, same.code, same.toString());
        assertFalse(same.out.contains("REGRESSION") || same.out.contains("improved"), same.out);
        Path idle = doctored("idle-s", t -> idleMachine(t, 1.0, 1));
        Path slow = doctored("slow-s", t -> idleMachine(t, 1.3, 2));
        Path slowShuffled = doctored("slow-shuffled", t -> {
            idleMachine(t, 1.3, 2);
            shuffleRepetitions(t, 5);
        });
        Cli slower = Cli.run("compare", idle.toString(), slow.toString());
        Cli slowerShuffled = Cli.run("compare", idle.toString(), slowShuffled.toString());
        assertEquals(1, slowerShuffled.code, slowerShuffled.toString());
        assertEquals(slower.out, slowerShuffled.out);
    }

    @Test
    void aDropOfFiveHundredthsInEmbeddingCosineOnEveryDocumentExitsOne() throws IOException {
        Path worse = doctored("worse", t -> {
            ObjectNode accuracy = (ObjectNode) t.get("cells").get(1).get("accuracy");
            accuracy.put("embeddingCosine", accuracy.get("embeddingCosine").asDouble() - 0.05);
            ArrayNode perDoc = (ArrayNode) accuracy.get("perDocument").get("embeddingCosine");
            for (int i = 0; i < perDoc.size(); i++) {
                perDoc.set(i, perDoc.get(i).asDouble() - 0.05);
            }
        });
        Cli cli = Cli.run("compare", run.toString(), worse.toString());
        assertEquals(1, cli.code, cli.toString());
        String row = cli.out.lines().filter(l -> l.startsWith("window-4@16")).findFirst().orElseThrow();
        assertTrue(row.contains("embeddingCosine") && row.contains("-5.00e-02") && row.contains("95% CI [-5.00e-02, -5.00e-02]")
                && row.endsWith("REGRESSION"), row);
    }

    @Test
    void fewerThanNineRepetitionsGiveAWarning() throws IOException {
        Path five = doctored("five", t -> {
            for (JsonNode cell : t.get("cells")) {
                ObjectNode cost = (ObjectNode) cell.get("cost");
                for (String f : List.of("latencySamplesMs", "referenceSamplesMs")) {
                    ArrayNode a = (ArrayNode) cost.get(f);
                    while (a.size() > 5) {
                        a.remove(a.size() - 1);
                    }
                }
            }
        });
        Cli cli = Cli.run("compare", run.toString(), five.toString());
        assertEquals("warning: latency verdicts are unreliable: 5 repetitions on one side, fewer than 9 (raise measure.repetitions)\n", cli.err);
    }

    @Test
    void junitAndMarkdownFilesCarryEveryCheckAndTheNumbers() throws Exception {
        Path idle = doctored("idle-ci", t -> idleMachine(t, 1.0, 1));
        Path slow = doctored("slow-ci", t -> idleMachine(t, 1.3, 2));
        Path xml = tmp.resolve("ci/compare.xml");
        Path md = tmp.resolve("ci/compare.md");
        Cli cli = Cli.run("compare", idle.toString(), slow.toString(), "--junit", xml.toString(), "--markdown", md.toString());
        assertEquals(1, cli.code, cli.toString());
        Document doc = DocumentBuilderFactory.newInstance().newDocumentBuilder().parse(xml.toFile());
        Element suite = doc.getDocumentElement();
        assertEquals("testsuite", suite.getTagName());
        NodeList cases = suite.getElementsByTagName("testcase");
        assertEquals(2 * 6, cases.getLength(), "5 accuracy metrics and latency for each of 2 cells");
        assertEquals("2", suite.getAttribute("failures"));
        NodeList failures = suite.getElementsByTagName("failure");
        assertEquals(2, failures.getLength());
        Element failure = (Element) failures.item(0);
        assertEquals("latencyRatioToReference", ((Element) failure.getParentNode()).getAttribute("name"));
        assertTrue(failure.getAttribute("message").contains("Mann-Whitney p = 0.000349, tolerance 10.0%, alpha 0.01, 9 vs 9 repetitions"),
                failure.getAttribute("message"));
        String markdown = Files.readString(md);
        assertTrue(markdown.startsWith("## attnlab compare: 2 regressions\n"), markdown);
        assertTrue(markdown.contains("| full@16 | latencyRatioToReference |"), markdown);
        assertTrue(markdown.contains("| p = 0.00035 (9 vs 9 reps) | **REGRESSION** |"), markdown);
    }

    @Test
    void aRunWithoutSamplesIsRefusedUnlessLegacy() throws IOException {
        Path old = doctored("schema1", t -> {
            t.put("schemaVersion", 1);
            for (JsonNode cell : t.get("cells")) {
                ((ObjectNode) cell.get("cost")).remove(List.of("latencySamplesMs", "referenceSamplesMs"));
                ((ObjectNode) cell.get("accuracy")).remove("perDocument");
            }
        });
        Cli cli = Cli.run("compare", old.toString(), run.toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: " + old + " is a results schemaVersion 1 run without latency samples or per-document values: "
                + "redo the run with this attnlab, or compare with --legacy (the old median rule)\n", cli.err);
        Cli legacy = Cli.run("compare", "--legacy", old.toString(), run.toString());
        assertEquals(0, legacy.code, legacy.toString());
        assertTrue(legacy.out.startsWith("legacy rule (--legacy)"), legacy.out);
    }

    /**
     * A real schemaVersion 1 file (main's quickstart baseline before samples were stored: retrievalAgreement, no
     * inputs) passes the schema, so the user gets the line about the schemaVersion and --legacy, not a schema error.
     */
    @Test
    void aRealSchemaOneFileGetsTheLegacyLineNotASchemaError() throws IOException {
        Path old = tmp.resolve("schema1-quickstart.json");
        try (var in = getClass().getResourceAsStream("/schema1/quickstart.json")) {
            Files.write(old, in.readAllBytes());
        }
        Cli cli = Cli.run("compare", old.toString(), run.toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: " + old + " is a results schemaVersion 1 run without latency samples or per-document values: "
                + "redo the run with this attnlab, or compare with --legacy (the old median rule)\n", cli.err);
    }

    @Test
    void badTolerancesAndAlphaGetOneLineAndExitTwo() throws IOException {
        Path negative = tmp.resolve("negative.yaml");
        Files.writeString(negative, "accuracy: { embeddingCosine: -0.01 }\n");
        Path unknown = tmp.resolve("unknown.yaml");
        Files.writeString(unknown, "accuracy: { retrievalAgreement: 0.01 }\n");
        Path badAlpha = tmp.resolve("alpha.yaml");
        Files.writeString(badAlpha, "alpha: 0.6\n");
        String r = run.toString();
        assertEquals("error: " + negative + ": tolerance of embeddingCosine must be a number >= 0, got -0.01\n",
                Cli.run("compare", r, r, "--tolerances", negative.toString()).err);
        Cli u = Cli.run("compare", r, r, "--tolerances", unknown.toString());
        assertEquals(2, u.code);
        assertEquals("error: " + unknown + ": unknown accuracy metric 'retrievalAgreement'; allowed: tokenCosineMean, tokenCosineMin, "
                + "embeddingCosine, retrievalRecallAtK, retrievalTop1, relL2, maxAbsError, perplexity, referencePerplexity, klMean, klP95, "
                + "top1Agreement, maxAbsLogitError, decodeKlMean, decodeTop1Agreement\n", u.err);
        assertEquals("error: " + badAlpha + ": alpha must be in (0, 0.5], got 0.6\n", Cli.run("compare", r, r, "--tolerances", badAlpha.toString()).err);
        for (String alpha : List.of("0", "0.51", "-1")) {
            Cli a = Cli.run("compare", r, r, "--alpha", alpha);
            assertEquals(2, a.code, a.toString());
            assertEquals("error: --alpha must be in (0, 0.5], got " + Double.parseDouble(alpha) + "\n", a.err);
        }
        Cli lt = Cli.run("compare", r, r, "--latency-tolerance", "-0.1");
        assertEquals("error: --latency-tolerance must be a number >= 0, got -0.1\n", lt.err);
        assertEquals(0, Cli.run("compare", r, r, "--alpha", "0.5", "--latency-tolerance", "0.2").code);
    }

    @Test
    void runsOfAnotherModelCorpusOrSizesAreRefusedUnlessAllowed() throws IOException {
        Path other = doctored("other-model", t -> {
            ObjectNode model = (ObjectNode) t.get("inputs").get(0);
            assertEquals("model file", model.get("role").asText());
            model.put("sha256", "ab".repeat(32));
            ((ArrayNode) t.get("config").get("contextSizes")).set(0, 32);
            ((ObjectNode) t.get("config").get("measure")).put("repetitions", 5);
        });
        String model = results().get("inputs").get(0).get("sha256").asText().substring(0, 12);
        Cli cli = Cli.run("compare", run.toString(), other.toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: the runs are not comparable: they differ in model file (sha256 " + model + " vs abababababab); "
                + "context sizes ([16] vs [32]); measure.repetitions (9 vs 5) (--allow-different compares them anyway)\n", cli.err);
        Cli allowed = Cli.run("compare", "--allow-different", run.toString(), other.toString());
        assertEquals(0, allowed.code, allowed.toString());
        assertTrue(allowed.err.startsWith("warning: the runs differ in model file (sha256 "), allowed.err);
    }

    /** Issue 23, item 5: the same label with another width is "not comparable", in one line, exit 2. */
    @Test
    void aLabelThatRanOtherParametersIsRefusedUnlessAllowed() throws IOException {
        Path other = doctored("other-window", t -> {
            ((ObjectNode) t.get("config").get("variants").get(1).get("params")).put("width", 12);
            ((ObjectNode) t.get("cells").get(1).get("params")).put("width", 12);
        });
        Cli cli = Cli.run("compare", run.toString(), other.toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: the runs are not comparable: they differ in variant window-4 (sliding-window {dilation: 1, globalTokens: 1, "
                + "sinks: 0, width: 4} vs sliding-window {dilation: 1, globalTokens: 1, sinks: 0, width: 12}) "
                + "(--allow-different compares them anyway)\n", cli.err);
        Cli allowed = Cli.run("compare", "--allow-different", run.toString(), other.toString());
        assertEquals(0, allowed.code, allowed.toString());
        assertTrue(allowed.err.startsWith("warning: the runs differ in variant window-4 ("), allowed.err);
    }

    /**
     * Issue 23, item 3 through the command: 3 vs 3 repetitions and a window 1000x slower exits 1, and the terminal,
     * the JUnit file and the markdown each say the medians decided.
     */
    @Test
    void aThousandfoldSlowdownWithThreeRepetitionsExitsOneAndSaysTheMediansDecided() throws IOException {
        Consumer<ObjectNode> three = t -> {
            ((ObjectNode) t.get("config").get("measure")).put("repetitions", 3);
            for (JsonNode cell : t.get("cells")) {
                ObjectNode cost = (ObjectNode) cell.get("cost");
                for (String f : List.of("latencySamplesMs", "referenceSamplesMs")) {
                    ArrayNode a = (ArrayNode) cost.get(f);
                    while (a.size() > 3) {
                        a.remove(a.size() - 1);
                    }
                }
            }
        };
        Path base = doctored("three", three);
        Path slow = doctored("three-slow", t -> {
            three.accept(t);
            ArrayNode v = (ArrayNode) t.get("cells").get(1).get("cost").get("latencySamplesMs");
            for (int i = 0; i < v.size(); i++) {
                v.set(i, v.get(i).asDouble() * 1000);
            }
        });
        Path junit = tmp.resolve("slow-junit.xml");
        Path md = tmp.resolve("slow.md");
        Cli cli = Cli.run("compare", base.toString(), slow.toString(), "--junit", junit.toString(), "--markdown", md.toString());
        assertEquals(1, cli.code, cli.toString());
        assertTrue(cli.out.contains("medians only: p >= 0.0495 at 3 vs 3 reps"), cli.out);
        assertTrue(cli.err.contains("warning: latency of 1 cell (window-4@16) decided by the tolerance rule on the median ratios alone"), cli.err);
        String xml = Files.readString(junit);
        assertTrue(xml.contains("failures=\"1\""), xml);
        assertTrue(xml.contains("decided by the tolerance rule on the median ratios alone"), xml);
        String markdown = Files.readString(md);
        assertTrue(markdown.startsWith("## attnlab compare: 1 regression"), markdown);
        assertTrue(markdown.contains("medians only"), markdown);
    }

    @Test
    void theRunRecordsWhatItWasMadeFrom() throws IOException {
        // one record: results.json carries run.json's input digests and version unchanged
        JsonNode results = results();
        JsonNode runJson = ResultsJson.MAPPER.readTree(run.resolve("run.json").toFile());
        JsonNode inputs = results.get("inputs");
        assertEquals(runJson.get("inputs"), inputs);
        assertEquals(List.of("model file", "tokenizer file", "corpus"),
                List.of(inputs.get(0).get("role").asText(), inputs.get(1).get("role").asText(), inputs.get(2).get("role").asText()));
        for (JsonNode input : inputs) {
            assertTrue(input.get("sha256").asText().matches("[0-9a-f]{64}"), input.toString());
        }
        // the ONNX file of the built-in model, as shipped (no position extension here)
        try (var in = getClass().getResourceAsStream("/all-minilm-l6-v2.onnx")) {
            assertEquals(org.attentionlab.core.text.Sha256.of(in.readAllBytes()), inputs.get(0).get("sha256").asText());
        }
        assertEquals("0.1.0-SNAPSHOT", results.get("attnlabVersion").asText());
        assertEquals(runJson.get("attnlabVersion"), results.get("attnlabVersion"));
    }
}
