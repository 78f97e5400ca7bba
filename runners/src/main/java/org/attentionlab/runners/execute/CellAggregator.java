package org.attentionlab.runners.execute;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Objects;
import org.attentionlab.runners.metrics.RetrievalAgreement;
import org.attentionlab.runners.plan.PlannedCell;
import org.attentionlab.runners.results.Accuracy;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.CellDiagnostics;
import org.attentionlab.runners.results.Cost;

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
        for (ChunkResult chunk : chunks) {
            if (!chunk.ok()) {
                return failed(cell, chunk.error());
            }
        }
        List<DocumentAccuracy> docs = new ArrayList<>();
        chunks.forEach(c -> docs.addAll(c.documents()));
        docs.sort(Comparator.comparingInt(DocumentAccuracy::document));
        if (docs.isEmpty()) {
            return failed(cell, "no document was measured");
        }
        Cost cost = chunks.stream().map(ChunkResult::cost).filter(Objects::nonNull).findFirst().orElse(null);
        CellDiagnostics diagnostics = chunks.stream().map(ChunkResult::diagnostics).filter(Objects::nonNull).findFirst().orElse(null);
        return new Cell(cell.variant().name(), cell.variant().label(), cell.variant().params(), cell.variant().layers(),
                cell.contextSize(), docs.size(), Cell.OK, null, accuracy(docs), cost, diagnostics);
    }

    /** A cell that could not be measured. */
    public static Cell failed(PlannedCell cell, String error) {
        return Cell.failed(cell.variant().name(), cell.variant().label(), cell.variant().params(), cell.variant().layers(),
                cell.contextSize(), cell.documents(), error);
    }

    /** Means over documents; embedding cosine and retrieval agreement only when every document has embeddings. */
    static Accuracy accuracy(List<DocumentAccuracy> docs) {
        int count = docs.size();
        double cosMean = 0;
        double cosMin = 0;
        double relL2 = 0;
        double maxAbs = 0;
        double embCos = 0;
        boolean embeddings = true;
        List<float[]> variantEmb = new ArrayList<>();
        List<float[]> referenceEmb = new ArrayList<>();
        for (DocumentAccuracy d : docs) {
            cosMean += d.tokenCosineMean();
            cosMin += d.tokenCosineMin();
            relL2 += d.relL2();
            maxAbs += d.maxAbsError();
            if (d.embeddingCosine() == null || d.variantEmbedding() == null || d.referenceEmbedding() == null) {
                embeddings = false;
            } else {
                embCos += d.embeddingCosine();
                variantEmb.add(d.variantEmbedding());
                referenceEmb.add(d.referenceEmbedding());
            }
        }
        return new Accuracy(cosMean / count, cosMin / count, relL2 / count, maxAbs / count,
                embeddings ? embCos / count : null,
                embeddings ? RetrievalAgreement.agreement(variantEmb, referenceEmb) : null);
    }
}
