package org.attentionlab.runners.report;

import static org.attentionlab.runners.Fixtures.decoderCell;
import static org.attentionlab.runners.Fixtures.decoderResults;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.attentionlab.runners.results.ResultsJson;
import org.attentionlab.runners.results.ResultsSchema;
import org.attentionlab.runners.results.RunResults;
import org.junit.jupiter.api.Test;

/** The reports, CSV, terminal tables and schema of a causal language model's run. */
class DecoderReportsTest {

    private final RunResults run = decoderResults(List.of(decoderCell("full", 64, 0.0, 1.0, 2.0),
            decoderCell("window", 64, 0.02, 0.5, 1.0), decoderCell("full", 512, 0.0, 4.0, 4.0), decoderCell("window", 512, 0.05, 2.0, 1.0)));

    @Test
    void theHeadlineTablesAreTheNextTokenMetrics() {
        ReportTables tables = new ReportTables(run);
        assertEquals(List.of("perplexity", "referencePerplexity", "klMean", "klP95", "top1Agreement", "maxAbsLogitError", "decodeKlMean",
                "decodeTop1Agreement"), tables.headlineMetrics());
        ReportTable kl = tables.accuracy("klMean");
        assertTrue(kl.title().startsWith("klMean: mean KL(p_reference || p_variant) in nats"), kl.title());
        assertEquals(List.of("window", "0.0200 (docs 0.0200-0.0200)", "0.0500 (docs 0.0500-0.0500)"), kl.rows().get(1));
    }

    @Test
    void decodeTablesGiveMsPerTokenKvCacheAndTheRatioToOnnxRuntimeWithPast() {
        ReportTables tables = new ReportTables(run);
        assertTrue(tables.decoded());
        assertEquals(List.of("window", "1.00 ms (0.50x)", "1.00 ms (0.25x)"), tables.decodePerToken().rows().get(1));
        assertEquals(List.of("full", Formats.metric(2.0), Formats.metric(4.0)), tables.decodeReferenceRatio().rows().get(0));
        assertEquals(List.of("window", "64.0 KiB (1.00x)", "512.0 KiB (1.00x)"), tables.kvCache().rows().get(1));
    }

    @Test
    void theLossTableNamesThePositionsOfEachBucket() {
        ReportTable loss = new ReportTables(run).lossTable(64);
        // 63 predicted positions in 16 buckets: position i in bucket floor(16 i / 63)
        assertEquals(List.of("variant", "0-3", "4-7", "8-11"), loss.header().subList(0, 4));
        assertEquals("60-62", loss.header().get(16));
        assertEquals(List.of("full", "window", "reference (ONNX Runtime)"), loss.rows().stream().map(r -> r.get(0)).toList());
        assertEquals("3.000", loss.rows().get(0).get(1));
        assertEquals("3.150", loss.rows().get(0).get(16));
        assertEquals("2.900", loss.rows().get(2).get(1));
        assertEquals(List.of(1.5 * 63 / 16, 3.01), List.of(new ReportTables(run).lossByPosition(64).get("full").get(1)[0],
                new ReportTables(run).lossByPosition(64).get("full").get(1)[1]));
    }

    @Test
    void markdownAndHtmlCarryTheTablesTheLossChartsAndTheModel() {
        String md = MarkdownReport.render(run);
        assertTrue(md.contains("Model all-minilm-l6-v2 (GPT2: 2 layers, 4 heads, 2 kv heads, dModel 64, vocab 512)"), md);
        assertTrue(md.contains("Note: the export has no past inputs."), md);
        for (String title : List.of("## perplexity: exp of the mean next-token NLL", "## top1Agreement:", "## Decode per token",
                "## KV cache after the last decode step", "## Loss vs position at n=64", "## Loss vs position at n=512")) {
            assertTrue(md.contains(title), title);
        }
        assertFalse(md.contains("## embeddingCosine"), "an encoder's metric has no table in a decoder's report");
        String html = HtmlReport.render(run);
        Matcher m = Pattern.compile("<img alt=\"([^\"]+)\" src=\"data:image/png;base64,").matcher(html);
        List<String> charts = new java.util.ArrayList<>();
        while (m.find()) {
            charts.add(m.group(1));
        }
        assertEquals(7, charts.size(), charts.toString()); // perplexity, KL, top-1, latency, decode, loss at 64 and at 512
        assertTrue(charts.contains("Loss vs position at n=512 (mean next-token NLL by position bucket)"), charts.toString());
    }

    @Test
    void theTerminalShowsPerplexityKlTopOneAndDecodeCosts() {
        String out = TerminalReport.render(run);
        for (String title : List.of("perplexity: exp", "klMean: mean KL", "top1Agreement: share", "Decode per token", "KV cache after")) {
            assertTrue(out.contains(title), title + " in\n" + out);
        }
    }

    @Test
    void csvHasTheNextTokenAndDecodeColumns() {
        String[] lines = CsvReport.render(run).split("\r\n");
        List<String> header = List.of(lines[0].split(","));
        List<String> window = List.of(lines[2].split(",", -1));
        assertEquals("0.02", window.get(header.indexOf("klMean")));
        assertEquals("20.0", window.get(header.indexOf("perplexity")));
        assertEquals("1.0", window.get(header.indexOf("decodeMsPerTokenMedian")));
        assertEquals("65536", window.get(header.indexOf("kvCacheBytes")));
        assertEquals("", window.get(header.indexOf("tokenCosineMean")));
    }

    @Test
    void theSchemaTakesADecoderRunAndRefusesANaNPerplexity() throws Exception {
        ObjectNode json = (ObjectNode) ResultsJson.MAPPER.readTree(ResultsJson.pretty(run));
        assertNull(ResultsSchema.firstViolation(json));
        assertEquals("GPT2", json.get("model").get("architecture").asText());
        ((ObjectNode) json.get("cells").get(1).get("accuracy")).put("perplexity", "NaN");
        assertTrue(ResultsSchema.firstViolation(json).startsWith("cells[1].accuracy"), ResultsSchema.firstViolation(json));
        ObjectNode noMetrics = (ObjectNode) ResultsJson.MAPPER.readTree(ResultsJson.pretty(run));
        ((ObjectNode) noMetrics.get("cells").get(0).get("accuracy")).remove("klMean");
        assertTrue(ResultsSchema.firstViolation(noMetrics) != null, "an ok decoder cell without klMean is refused");
    }
}
