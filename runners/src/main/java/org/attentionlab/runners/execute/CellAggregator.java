package org.attentionlab.runners.execute;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.attentionlab.runners.config.RetrievalSpec;
import org.attentionlab.runners.metrics.PassageRetrieval;
import org.attentionlab.runners.plan.PlannedCell;
import org.attentionlab.runners.results.Accuracy;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.CellDiagnostics;
import org.attentionlab.runners.results.Cost;
import org.attentionlab.runners.results.TaskScore;

/**
 * Turns the chunk results of one cell into its {@link Cell}: the accuracy metrics are means over all the
 * cell's documents (summed in document order, so one chunk or many give the same figures), retrieval
 * agreement is computed over all their embeddings, the cost comes from the timed chunk and the diagnostics
 * from the chunk that held the first documents. Any failed chunk fails the cell.
 */
public final class CellAggregator {

    private CellAggregator() {
    }

    public static Cell aggregate(PlannedCell cell, List<ChunkResult> chunks) {
        return aggregate(cell, chunks, null);
    }

    /**
     * @param retrieval the run's retrieval settings (k, and the pool below which the metric is absent); null for a
     *                  kind without retrieval
     */
    public static Cell aggregate(PlannedCell cell, List<ChunkResult> chunks, RetrievalSpec retrieval) {
        for (ChunkResult chunk : chunks) {
            if (!chunk.ok()) {
                return failed(cell, chunk.error());
            }
        }
        List<DocumentAccuracy> docs = new ArrayList<>();
        chunks.forEach(c -> docs.addAll(c.documents()));
        docs.sort(Comparator.comparingInt(DocumentAccuracy::document));
        Map<String, TaskScore> tasks = chunks.stream().map(ChunkResult::tasks).filter(Objects::nonNull).findFirst().orElse(null);
        if (docs.isEmpty() && tasks == null) {
            return failed(cell, "no document was measured");
        }
        Cost cost = chunks.stream().map(ChunkResult::cost).filter(Objects::nonNull).findFirst().orElse(null);
        CellDiagnostics diagnostics = chunks.stream().map(ChunkResult::diagnostics).filter(Objects::nonNull).findFirst().orElse(null);
        // an experiment that runs its tasks alone has no agreement documents: its cells hold task scores only
        Accuracy accuracy = docs.isEmpty() ? null : accuracy(docs, retrieval);
        String nonFinite = NonFiniteFigures.first(accuracy, cost, tasks);
        if (nonFinite != null) {
            // NaN or infinity is no measurement: a cell holding one would read as ok and could not be written as JSON
            return failed(cell, nonFinite);
        }
        return new Cell(cell.variant().name(), cell.variant().label(), cell.variant().params(), cell.variant().layers(),
                cell.contextSize(), docs.size(), Cell.OK, null, accuracy, cost, diagnostics, null, tasks);
    }

    /** A cell that could not be measured. */
    public static Cell failed(PlannedCell cell, String error) {
        return Cell.failed(cell.variant().name(), cell.variant().label(), cell.variant().params(), cell.variant().layers(),
                cell.contextSize(), cell.documents(), error);
    }

    /**
     * Means over documents, each document's values kept; embedding cosine only when every document has
     * embeddings; retrieval only when every document has its query and passage embedded (see
     * {@link RetrievalSpec}), else absent with the reason.
     */
    static Accuracy accuracy(List<DocumentAccuracy> docs, RetrievalSpec retrieval) {
        if (docs.stream().allMatch(d -> d.nextToken() != null)) {
            return nextTokenAccuracy(docs.stream().map(DocumentAccuracy::nextToken).toList());
        }
        Map<String, List<Double>> perDocument = new LinkedHashMap<>();
        perDocument.put("tokenCosineMean", docs.stream().map(DocumentAccuracy::tokenCosineMean).toList());
        perDocument.put("tokenCosineMin", docs.stream().map(DocumentAccuracy::tokenCosineMin).toList());
        perDocument.put("relL2", docs.stream().map(DocumentAccuracy::relL2).toList());
        perDocument.put("maxAbsError", docs.stream().map(DocumentAccuracy::maxAbsError).toList());
        boolean embeddings = docs.stream().allMatch(d -> d.embeddingCosine() != null);
        if (embeddings) {
            perDocument.put("embeddingCosine", docs.stream().map(DocumentAccuracy::embeddingCosine).toList());
        }
        Double recall = null;
        Double top1 = null;
        Integer k = null;
        String note = null;
        if (retrieval != null && docs.stream().allMatch(d -> d.retrieval() != null)) {
            k = retrieval.k();
            PassageRetrieval.Scores scores = PassageRetrieval.score(
                    docs.stream().map(d -> d.retrieval().variantQuery()).toList(),
                    docs.stream().map(d -> d.retrieval().variantPassage()).toList(),
                    docs.stream().map(d -> d.retrieval().referenceQuery()).toList(),
                    docs.stream().map(d -> d.retrieval().referencePassage()).toList(), k);
            recall = scores.meanRecall();
            top1 = scores.meanTop1();
            perDocument.put("retrievalRecallAtK", scores.recallAtK());
            perDocument.put("retrievalTop1", scores.top1());
        } else if (retrieval != null && embeddings && docs.size() >= retrieval.minPool()) {
            note = "retrieval is measured by the local engine only: this cell's documents were measured without it";
        } else if (retrieval != null && embeddings) {
            note = "retrieval needs a pool of at least " + retrieval.minPool() + " passages (retrieval.minPool), one per document; "
                    + "this cell has " + docs.size() + " (corpus.documents): with so few, every passage is in everybody's top "
                    + retrieval.k() + " and the metric cannot fail";
        }
        return new Accuracy(mean(perDocument.get("tokenCosineMean")), mean(perDocument.get("tokenCosineMin")),
                mean(perDocument.get("relL2")), mean(perDocument.get("maxAbsError")),
                embeddings ? mean(perDocument.get("embeddingCosine")) : null, recall, top1, k, note, perDocument);
    }

    /**
     * A decoder's accuracy: each document's values kept, the cell's figures pooled over every predicted position
     * of every document. Documents have equal positions, so a mean of the documents' means is the pooled mean
     * and the perplexity is exp of the mean of the documents' mean NLL; the 95th percentile of the KL is taken
     * over all positions; the logit error is the mean of the documents', as {@code maxAbsError} is.
     */
    static Accuracy nextTokenAccuracy(List<NextTokenAccuracy> docs) {
        Map<String, List<Double>> perDocument = new LinkedHashMap<>();
        perDocument.put("perplexity", docs.stream().map(d -> Math.exp(d.nllMean())).toList());
        perDocument.put("referencePerplexity", docs.stream().map(d -> Math.exp(d.referenceNllMean())).toList());
        perDocument.put("klMean", docs.stream().map(NextTokenAccuracy::klMean).toList());
        perDocument.put("klP95", docs.stream().map(NextTokenAccuracy::klP95).toList());
        perDocument.put("top1Agreement", docs.stream().map(NextTokenAccuracy::top1Agreement).toList());
        perDocument.put("maxAbsLogitError", docs.stream().map(NextTokenAccuracy::maxAbsLogitError).toList());
        boolean decoded = docs.stream().allMatch(d -> d.decodeKlMean() != null);
        if (decoded) {
            perDocument.put("decodeKlMean", docs.stream().map(NextTokenAccuracy::decodeKlMean).toList());
            perDocument.put("decodeTop1Agreement", docs.stream().map(NextTokenAccuracy::decodeTop1Agreement).toList());
        }
        double[] pooledKl = docs.stream().flatMap(d -> d.kl().stream()).mapToDouble(Double::doubleValue).toArray();
        return Accuracy.ofDecoder(perDocument, Math.exp(mean(docs.stream().map(NextTokenAccuracy::nllMean).toList())),
                Math.exp(mean(docs.stream().map(NextTokenAccuracy::referenceNllMean).toList())), mean(perDocument.get("klMean")),
                org.attentionlab.runners.metrics.Stats.percentile(pooledKl, 95), mean(perDocument.get("top1Agreement")),
                mean(perDocument.get("maxAbsLogitError")), bucketMeans(docs.stream().map(NextTokenAccuracy::nllByPosition).toList()),
                bucketMeans(docs.stream().map(NextTokenAccuracy::referenceNllByPosition).toList()),
                decoded ? mean(perDocument.get("decodeKlMean")) : null, decoded ? mean(perDocument.get("decodeTop1Agreement")) : null);
    }

    /** Per bucket, the mean over documents (null where the documents have no position in it). */
    private static List<Double> bucketMeans(List<List<Double>> perDocument) {
        List<Double> out = new ArrayList<>();
        int buckets = perDocument.get(0).size();
        for (int b = 0; b < buckets; b++) {
            int bucket = b;
            List<Double> values = perDocument.stream().map(d -> d.get(bucket)).toList();
            out.add(values.contains(null) ? null : mean(values));
        }
        return out;
    }

    /** Summed in document order, so one chunk or many give the same figure. */
    private static double mean(List<Double> values) {
        double sum = 0;
        for (double v : values) {
            sum += v;
        }
        return sum / values.size();
    }
}
