package org.attentionlab.runners.report;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.Map;
import java.util.stream.Collectors;
import org.attentionlab.runners.results.Accuracy;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.Cost;
import org.attentionlab.runners.results.RunResults;
import org.attentionlab.runners.results.TaskScore;

/**
 * {@code results.csv}: one row per cell, every metric a column (RFC 4180 quoting). The fixed columns ({@link #HEADER})
 * come first, always in this order; then, for a run with tasks, one column per task, {@code task.<label>.score} (the
 * cell's score on it: accuracy@1, nDCG@10 or accuracy, see {@link TaskScore}), in the config's order, so that a
 * reader by position of the fixed columns reads every run alike.
 */
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
        List<String> tasks = taskLabels(results);
        List<String> header = new ArrayList<>(HEADER);
        tasks.forEach(t -> header.add(taskColumn(t)));
        StringBuilder sb = new StringBuilder();
        sb.append(header.stream().map(CsvReport::field).collect(Collectors.joining(","))).append("\r\n");
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
            for (String task : tasks) {
                TaskScore score = c.tasks() == null ? null : c.tasks().get(task);
                v.add(score == null ? null : score.score());
            }
            sb.append(v.stream().map(CsvReport::field).collect(Collectors.joining(","))).append("\r\n");
        }
        return sb.toString();
    }

    /** The column of a task's score: {@code task.<label>.score}. */
    static String taskColumn(String label) {
        return "task." + label + ".score";
    }

    /** The run's task labels: the config's, in its order, then any other a cell holds (none in a run attnlab wrote). */
    private static List<String> taskLabels(RunResults results) {
        Set<String> labels = new LinkedHashSet<>();
        if (results.config() != null) {
            results.config().tasksOrEmpty().forEach(t -> labels.add(t.label()));
        }
        results.cells().stream().filter(c -> c.tasks() != null).forEach(c -> labels.addAll(c.tasks().keySet()));
        return List.copyOf(labels);
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
