package org.attentionlab.runners.report;

import static org.attentionlab.runners.Fixtures.cell;
import static org.attentionlab.runners.Fixtures.results;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.attentionlab.runners.results.RunResults;
import org.junit.jupiter.api.Test;

class ReportTablesTest {

    private final RunResults run = results(List.of(cell("full", 32, 1.0, 1.0), cell("window", 32, 0.98, 0.5),
            cell("full", 64, 1.0, 4.12), cell("window", 64, 0.95, 1.5656)));

    @Test
    void latencyTableShowsTheRatioToFullAttentionInBrackets() {
        ReportTable t = new ReportTables(run).latency();
        assertEquals(List.of("variant", "n=32", "n=64"), t.header());
        assertEquals(List.of("full", "10.0 ms (1.00x; p10-p90 9.00-11.0 ms)", "41.2 ms (1.00x; p10-p90 37.1-45.3 ms)"), t.rows().get(0));
        assertEquals(List.of("window", "5.00 ms (0.50x; p10-p90 4.50-5.50 ms)", "15.7 ms (0.38x; p10-p90 14.1-17.2 ms)"), t.rows().get(1));
    }

    @Test
    void scratchAndAccuracyTables() {
        ReportTables tables = new ReportTables(run);
        assertEquals(List.of("window", "4.0 KiB (1.00x)", "16.0 KiB (1.00x)"), tables.scratch().rows().get(1));
        assertEquals(List.of("window", "0.9800 (docs 0.9800-0.9800)", "0.9500 (docs 0.9500-0.9500)"), tables.accuracy("embeddingCosine").rows().get(1));
    }

    @Test
    void gflopsAreAnalyticFlopsOverTheMedianLatency() {
        // window at n = 64: 64000 flops in 15.656 ms
        assertEquals(64000 / 15.656e6, run.cells().get(3).cost().attentionGflopsPerSecond(), 1e-15);
        ReportTable t = new ReportTables(run).gflops();
        assertEquals("Attention GFLOP/s achieved (analytic FLOPs / median attention time inside the forward)", t.title());
        assertEquals(List.of("window", Formats.metric(32000 / 5e6), Formats.metric(64000 / 15.656e6)), t.rows().get(1));
        assertEquals(null, org.attentionlab.runners.results.Cost.gflopsPerSecond(null, 3.0));
        assertTrue(MarkdownReport.render(run).contains("## Attention GFLOP/s achieved"));
    }

    @Test
    void markdownHasEveryHeadlineTableAndTheGate() {
        String md = MarkdownReport.render(run);
        assertTrue(md.contains("| window | 5.00 ms (0.50x; p10-p90 4.50-5.50 ms) | 15.7 ms (0.38x; p10-p90 14.1-17.2 ms) |"), md);
        assertTrue(md.contains("## embeddingCosine against the reference"), md);
        assertTrue(md.contains("## tokenCosineMean against the reference"), md);
        assertTrue(md.contains("## retrievalRecallAtK against the reference (mean over queries; lowest-highest query)"), md);
        assertTrue(md.contains("**Correctness gate:** passed"), md);
    }

    @Test
    void htmlEmbedsThreeChartsAsPngDataUris() throws Exception {
        String html = HtmlReport.render(run);
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("src=\"data:image/png;base64,([A-Za-z0-9+/=]+)\"").matcher(html);
        int charts = 0;
        while (m.find()) {
            byte[] png = java.util.Base64.getDecoder().decode(m.group(1));
            assertEquals((byte) 0x89, png[0]);
            assertEquals('P', png[1]);
            java.awt.image.BufferedImage image = javax.imageio.ImageIO.read(new java.io.ByteArrayInputStream(png));
            assertEquals(Charts.WIDTH, image.getWidth());
            charts++;
        }
        assertEquals(3, charts);
        assertTrue(html.contains("<td>15.7 ms (0.38x; p10-p90 14.1-17.2 ms)</td>"));
    }

    @Test
    void csvHasOneRowPerCellAndQuotesCommas() {
        String csv = CsvReport.render(run);
        String[] lines = csv.split("\r\n");
        assertEquals(5, lines.length);
        assertTrue(lines[0].startsWith("variant,label,params,layers,contextSize"));
        assertTrue(lines[2].startsWith("sliding-window,window,,all,32,4,ok,,0.99,0.95,0.01,0.1,0.98,,,,,,,,,,,5.0,"), lines[2]);
        assertEquals("\"a,b\"", CsvReport.field("a,b"));
        assertEquals("\"say \"\"hi\"\"\"", CsvReport.field("say \"hi\""));
    }
}
