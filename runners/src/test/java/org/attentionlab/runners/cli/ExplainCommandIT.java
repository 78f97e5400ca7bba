package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.model.BertEncoder;
import org.attentionlab.core.model.LayerObserver;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.execute.Attentions;
import org.attentionlab.runners.execute.LoadedModel;
import org.attentionlab.runners.explain.AttentionJson;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code attnlab explain} end to end on all-MiniLM: beside a finished run (its report links the page) and from a config;
 * attention.json against its schema, against the run's diagnostics and against attention computed here from the
 * model's own Q and K; every bad input refused in one line with exit 2.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExplainCommandIT {

    @TempDir
    static Path tmp;

    static final String CONFIG = """
            name: explain
            reference: { model: all-minilm-l6-v2 }
            corpus: { source: europarl-en, documents: 2 }
            contextSizes: [32]
            variants:
              - { name: full }
              - { name: sliding-window, label: window-8, params: { width: 8, globalTokens: 1 } }
              - { name: top-k, label: top-4, params: { k: 4 } }
              - { name: linear, label: linear }
            measure: { warmup: 0, repetitions: 1, threads: 1 }
            diagnostics: { enabled: true, documents: 1 }
            output: OUT
            """;
    private static final ObjectMapper JSON = new ObjectMapper();

    private Path config;
    private Path run;
    private Cli explained;

    private Path write(String name, String body, Path output) throws IOException {
        Path file = tmp.resolve(name + ".yaml");
        Files.writeString(file, body.replace("OUT", output.toString()));
        return file;
    }

    @BeforeAll
    void runAndExplain() throws IOException {
        config = write("explain", CONFIG, tmp.resolve("out"));
        Cli sweep = Cli.sweep(config.toString());
        assertEquals(0, sweep.code, sweep.toString());
        run = Cli.onlyRunFolder(tmp.resolve("out"));
        explained = Cli.run("explain", run.toString());
    }

    private JsonNode json(Path folder) throws IOException {
        return JSON.readTree(folder.resolve(AttentionJson.FILE).toFile());
    }

    @Test
    void aRunFolderGetsThePageAndTheJsonAndItsReportLinksThePage() throws IOException {
        assertEquals(0, explained.code, explained.toString());
        assertEquals("", explained.err);
        assertEquals("explain: " + run.resolve("attention.html") + " (0.1 MB; document 0, n=32, window-8, top-4, linear; every weight kept) "
                + "and attention.json; report.html links to it\n", explained.out.replaceAll("\\(\\d+\\.\\d MB", "(0.1 MB"));
        String page = Files.readString(run.resolve("attention.html"));
        assertTrue(page.length() < 8_000_000);
        // self-contained: nothing fetched, no script or style from elsewhere
        assertFalse(page.contains("src=") || page.contains("<link") || page.contains("@import") || page.contains("url("), "an external resource");
        assertTrue(page.contains("<script id=\"attention-data\" type=\"application/json\">{"), "the data is embedded");
        assertTrue(Files.readString(run.resolve("report.html")).contains("<a href=\"attention.html\">"), "report.html links the page");
        Cli report = Cli.run("report", run.toString());
        assertEquals(0, report.code, report.toString());
        assertTrue(Files.readString(run.resolve("report.html")).contains("<a href=\"attention.html\">"), "attnlab report keeps the link");
    }

    @Test
    void attentionJsonFollowsItsSchemaAndCarriesTheRunsDiagnostics() throws IOException {
        JsonNode doc = json(run);
        try (InputStream in = AttentionJson.class.getResourceAsStream(AttentionJson.SCHEMA)) {
            Schema schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
            assertEquals(List.of(), schema.validate(doc).stream().map(Object::toString).toList());
            ((com.fasterxml.jackson.databind.node.ObjectNode) doc.get("reference")).remove("rest");
            assertFalse(schema.validate(doc).isEmpty(), "the schema can fail");
        }
        doc = json(run);
        RunResults results = ResultsReader.read(run);
        Cell window = results.cells().stream().filter(c -> c.label().equals("window-8")).findFirst().orElseThrow();
        JsonNode w = doc.get("variants").get(0);
        assertEquals("window-8", w.get("label").asText());
        for (int l = 0; l < 6; l++) {
            for (int h = 0; h < 12; h++) {
                assertEquals(window.diagnostics().referenceEntropy().get(l).get(h), doc.get("reference").get("entropy").get(l).get(h).asDouble(), 1e-12);
                assertEquals(window.diagnostics().coverage().get(l).get(h), w.get("coverage").get(l).get(h).asDouble(), 1e-12);
            }
        }
        assertEquals("pattern", w.get("masks").get(0).get("kind").asText());
        assertEquals("picks", doc.get("variants").get(1).get("masks").get(0).get("kind").asText());
        assertEquals("dense", doc.get("variants").get(2).get("masks").get(0).get("kind").asText());
        assertTrue(doc.get("gate").get("passed").asBoolean());
    }

    @Test
    void theMapsAreTheModelsOwnAttentionOnTheDocument() throws IOException {
        ExperimentConfig c = Experiments.load(config);
        PluginRegistry plugins = PluginRegistry.load();
        float[][][] q = new float[6][][];
        float[][][] k = new float[6][][];
        int[] ids;
        try (LoadedModel model = LoadedModel.open(c)) {
            ids = model.documents(32, 2).get(0);
            new BertEncoder(model.weights(), Attentions.full(plugins, 6)).forward(ids, new int[32], null, new LayerObserver() {
                @Override
                public void attentionInput(int layer, AttentionInput input) {
                    q[layer] = copy(input.q());
                    k[layer] = copy(input.k());
                }
            });
            JsonNode doc = json(run);
            assertEquals(model.tokenizer().decode(new int[] {ids[5]}), doc.get("tokens").get(5).asText());
        }
        JsonNode doc = json(run);
        for (int layer : new int[] {0, 3, 5}) {
            for (int head : new int[] {0, 7}) {
                for (int i = 0; i < 32; i++) {
                    int query = i;
                    double[] full = softmax(q[layer][head], k[layer][head], i, 32, 32, j -> true);
                    double[] window = softmax(q[layer][head], k[layer][head], i, 32, 32, j -> Math.abs(query - j) <= 4 || query == 0 || j == 0);
                    JsonNode keys = doc.get("keys").get(layer).get(head).get(i);
                    assertEquals(32, keys.size(), "n = 32 keeps every key");
                    for (int s = 0; s < keys.size(); s++) {
                        int j = keys.get(s).asInt();
                        assertEquals(full[j], doc.get("reference").get("weights").get(layer).get(head).get(i).get(s).asDouble(), 1e-6);
                        assertEquals(window[j], doc.get("variants").get(0).get("weights").get(layer).get(head).get(i).get(s).asDouble(), 2e-5);
                    }
                }
            }
        }
    }

    static float[][] copy(float[][] heads) {
        float[][] out = new float[heads.length][];
        for (int h = 0; h < heads.length; h++) {
            out[h] = heads[h].clone();
        }
        return out;
    }

    /** Softmax of q_i . k_j / sqrt(d) over the visible keys of n, the oracle of these tests. */
    static double[] softmax(float[] q, float[] k, int i, int n, int d, java.util.function.IntPredicate visible) {
        double[] p = new double[n];
        double sum = 0;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < n; j++) {
            double dot = 0;
            for (int c = 0; c < d; c++) {
                dot += (double) q[i * d + c] * k[j * d + c];
            }
            p[j] = visible.test(j) ? dot / Math.sqrt(d) : Double.NEGATIVE_INFINITY;
            max = Math.max(max, p[j]);
        }
        for (int j = 0; j < n; j++) {
            p[j] = Math.exp(p[j] - max);
            sum += p[j];
        }
        for (int j = 0; j < n; j++) {
            p[j] /= sum;
        }
        return p;
    }

    @Test
    void aConfigWritesIntoItsOutputFolderWithTheAskedDocumentAndVariants() throws IOException {
        Path output = tmp.resolve("from-config");
        Path file = write("from-config", CONFIG, output);
        Cli cli = Cli.run("explain", file.toString(), "--document", "1", "--variants", "linear,window-8");
        assertEquals(0, cli.code, cli.toString());
        JsonNode doc = json(output);
        assertEquals(1, doc.get("document").asInt());
        assertEquals(32, doc.get("n").asInt());
        assertEquals("linear", doc.get("variants").get(0).get("label").asText());
        assertEquals("window-8", doc.get("variants").get(1).get("label").asText());
        assertEquals(2, doc.get("variants").size());
        assertTrue(Files.exists(output.resolve("attention.html")));
    }

    private void refused(String expectedError, Path noPageIn, String... args) {
        Cli cli = Cli.run(args);
        assertEquals(2, cli.code, cli.toString());
        assertEquals("", cli.out);
        assertEquals(1, cli.err.lines().count(), cli.err);
        assertEquals("error: " + expectedError + "\n", cli.err);
        if (noPageIn != null) {
            assertFalse(Files.exists(noPageIn.resolve("attention.html")), "no page written");
        }
    }

    @Test
    void aDocumentPastTheCorpusIsRefused() throws IOException {
        Path output = tmp.resolve("bad-document");
        refused("--document 2 is past the corpus: explain has 2 documents (corpus.documents); pass --document 0 to 1", output,
                "explain", write("bad-document", CONFIG, output).toString(), "--document", "2");
    }

    @Test
    void anNTheModelCannotTakeIsRefused() throws IOException {
        Path output = tmp.resolve("bad-n");
        refused("--n 513: all-minilm-l6-v2 takes 2 to 512 tokens; pass --n 2 to 512 (the experiment's sizes are [32])", output,
                "explain", write("bad-n", CONFIG, output).toString(), "--n", "513");
    }

    @Test
    void aVariantLabelNotInTheConfigIsRefused() {
        refused("--variants: no variant labelled 'window-9' in explain; its labels are full, window-8, top-4, linear", tmp.resolve("out"),
                "explain", config.toString(), "--variants", "linear,window-9");
    }

    @Test
    void aRunFolderWithoutResultsIsRefused() throws IOException {
        Path unfinished = Files.createDirectories(tmp.resolve("unfinished"));
        Files.writeString(unfinished.resolve("cells.jsonl"), "");
        refused("not a finished run: " + unfinished + " has no results.json (an interrupted run: finish it with attnlab run CONFIG --resume "
                + unfinished + ")", unfinished, "explain", unfinished.toString());
    }

    @Test
    void anOutputFolderThatIsNotWritableIsRefused() throws IOException {
        Path blocker = Files.writeString(tmp.resolve("a-file"), "not a folder");
        Cli cli = Cli.run("explain", write("unwritable", CONFIG, blocker.resolve("out")).toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals(1, cli.err.lines().count(), cli.err);
        assertTrue(cli.err.startsWith("error: output folder " + blocker.resolve("out") + " is not writable: cannot create it ("), cli.err);
    }

    @Test
    void aKernelSweepIsRefused() throws IOException {
        Path file = write("kernel", """
                name: kernels
                kind: kernel
                contextSizes: [64]
                variants: [{ name: full }, { name: linear }]
                output: OUT
                """, tmp.resolve("kernel-out"));
        refused("explain shows a model's attention on text; kernels is a kind: kernel sweep (random Q, K, V): pass a model experiment",
                tmp.resolve("kernel-out"), "explain", file.toString());
    }

    @Test
    void aPageTooLargeForItsBudgetIsRefusedSayingWhatToPassInstead() throws IOException {
        Path output = tmp.resolve("too-large");
        Path file = write("too-large", CONFIG.replace("all-minilm-l6-v2", "e5-small-v2"), output);
        refused("attention.html at n=512 (12 layers x 12 heads, the reference and 3 variants) would keep 4 weights per attention row to stay "
                + "under 8 MB, fewer than 8; pass --n 393 or less, or at most 1 label in --variants", output, "explain", file.toString(), "--n", "512");
    }
}
