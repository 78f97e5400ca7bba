package org.attentionlab.runners.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.attentionlab.runners.results.Accuracy;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.Cost;
import org.attentionlab.runners.results.RunResults;

/** {@code results.csv}: one row per cell, every metric a column (RFC 4180 quoting). */
public final class CsvReport {

    static final List<String> HEADER = List.of("variant", "label", "params", "layers", "contextSize", "documents", "status", "error",
            "tokenCosineMean", "tokenCosineMin", "relL2", "maxAbsError", "embeddingCosine", "retrievalRecallAtK", "retrievalTop1",
            "perplexity", "referencePerplexity", "klMean", "klP95", "top1Agreement", "maxAbsLogitError", "decodeKlMean",
            "decodeTop1Agreement", "latencyMsMedian", "latencyMsP10", "latencyMsP90", "tokensPerSecond", "referenceLatencyMsMedian",
            "latencyRatioToReference", "attentionFlops", "attentionScratchBytes", "allocatedBytesPerForward",
            "attentionGflopsPerSecond", "prefillMsMedian", "decodeMsPerTokenMedian", "kvCacheBytes", "referencePrefillMsMedian",
            "referenceDecodeMsPerTokenMedian", "keysPerQueryMean", "keysPerQueryMax");

    private CsvReport() {
    }

    public static String render(RunResults results) {
        StringBuilder sb = new StringBuilder();
        sb.append(String.join(",", HEADER)).append("\r\n");
        for (Cell c : results.cells()) {
            List<Object> v = new ArrayList<>();
            v.add(c.variant());
            v.add(c.label());
            v.add(params(c.params()));
            v.add(c.layers() == null ? "all" : c.layers().stream().map(String::valueOf).collect(Collectors.joining(" ")));
            v.add(c.contextSize());
            v.add(c.documents());
            v.add(c.status());
            v.add(c.error());
            Accuracy a = c.accuracy();
            v.add(a == null ? null : a.tokenCosineMean());
            v.add(a == null ? null : a.tokenCosineMin());
            v.add(a == null ? null : a.relL2());
            v.add(a == null ? null : a.maxAbsError());
            v.add(a == null ? null : a.embeddingCosine());
            v.add(a == null ? null : a.retrievalRecallAtK());
            v.add(a == null ? null : a.retrievalTop1());
            for (String metric : Accuracy.DECODER_METRICS) {
                v.add(a == null ? null : a.value(metric));
            }
            Cost k = c.cost();
            v.add(k == null ? null : k.latencyMsMedian());
            v.add(k == null ? null : k.latencyMsP10());
            v.add(k == null ? null : k.latencyMsP90());
            v.add(k == null ? null : k.tokensPerSecond());
            v.add(k == null ? null : k.referenceLatencyMsMedian());
            v.add(k == null ? null : k.latencyRatioToReference());
            v.add(k == null ? null : k.attentionFlops());
            v.add(k == null ? null : k.attentionScratchBytes());
            v.add(k == null ? null : k.allocatedBytesPerForward());
            v.add(k == null ? null : k.attentionGflopsPerSecond());
            v.add(k == null ? null : k.prefillMsMedian());
            v.add(k == null ? null : k.decodeMsPerTokenMedian());
            v.add(k == null ? null : k.kvCacheBytes());
            v.add(k == null ? null : k.referencePrefillMsMedian());
            v.add(k == null ? null : k.referenceDecodeMsPerTokenMedian());
            v.add(k == null || k.keysPerQuery() == null ? null : k.keysPerQuery().mean());
            v.add(k == null || k.keysPerQuery() == null ? null : k.keysPerQuery().max());
            sb.append(v.stream().map(CsvReport::field).collect(Collectors.joining(","))).append("\r\n");
        }
        return sb.toString();
    }

    private static String params(Map<String, Object> params) {
        if (params == null || params.isEmpty()) {
            return "";
        }
        return params.entrySet().stream().map(e -> e.getKey() + "=" + e.getValue()).collect(Collectors.joining(" "));
    }

    static String field(Object value) {
        if (value == null) {
            return "";
        }
        String s = String.valueOf(value);
        if (s.contains(",") || s.contains("\"") || s.contains("\n") || s.contains("\r")) {
            return "\"" + s.replace("\"", "\"\"") + "\"";
        }
        return s;
    }
}
