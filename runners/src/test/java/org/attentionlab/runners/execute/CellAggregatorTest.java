package org.attentionlab.runners.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.attentionlab.runners.config.VariantSpec;
import org.attentionlab.runners.config.RetrievalSpec;
import org.attentionlab.runners.metrics.PassageRetrieval;
import org.attentionlab.runners.plan.CellTask;
import org.attentionlab.runners.plan.PlannedCell;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.CellDiagnostics;
import org.attentionlab.runners.results.Cost;
import org.junit.jupiter.api.Test;

/** Per-document values in, one cell out: the same whether the cell ran as one task or in chunks, in any order. */
class CellAggregatorTest {

    private static final VariantSpec WINDOW = new VariantSpec("sliding-window", "window", Map.of("window", 4), null);
    private static final PlannedCell CELL = new PlannedCell(WINDOW, 16, 5);
    private static final RetrievalSpec RETRIEVAL = new RetrievalSpec(2, 5);
    private static final Cost COST = new Cost(2.0, 1.0, 3.0, 8000.0, 4.0, 0.5, 100L, 64L, 1024L, 5e-5);
    private static final CellDiagnostics DIAGNOSTICS = new CellDiagnostics(List.of(1.0, 0.99), null, List.of(List.of(1.0), List.of(2.0)));

    private static List<DocumentAccuracy> documents() {
        SplittableRandom random = new SplittableRandom(3);
        List<DocumentAccuracy> docs = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            float[][] v = new float[4][8]; // variant query, variant passage, reference query, reference passage
            for (int i = 0; i < 8; i++) {
                v[2][i] = (float) random.nextDouble(-1, 1);
                v[3][i] = (float) random.nextDouble(-1, 1);
                v[0][i] = v[2][i] + (float) random.nextDouble(-0.5, 0.5);
                v[1][i] = v[3][i] + (float) random.nextDouble(-0.5, 0.5);
            }
            docs.add(new DocumentAccuracy(d, 0.9 - 0.01 * d, 0.8 - 0.02 * d, 0.1 + 0.01 * d, 0.5 + d, 0.95 - 0.01 * d,
                    new DocumentAccuracy.RetrievalEmbeddings(v[0], v[1], v[2], v[3])));
        }
        return docs;
    }

    @Test
    void oneTaskGivesTheMeansOverDocumentsAndRetrievalOverAllEmbeddings() {
        List<DocumentAccuracy> docs = documents();
        Cell cell = CellAggregator.aggregate(CELL, List.of(new ChunkResult(CELL.whole(), docs, COST, DIAGNOSTICS, null)), RETRIEVAL);
        assertEquals(Cell.OK, cell.status());
        assertEquals(5, cell.documents());
        assertEquals((0.9 + 0.89 + 0.88 + 0.87 + 0.86) / 5, cell.accuracy().tokenCosineMean(), 1e-15);
        assertEquals((0.5 + 1.5 + 2.5 + 3.5 + 4.5) / 5, cell.accuracy().maxAbsError(), 1e-15);
        assertEquals((0.95 + 0.94 + 0.93 + 0.92 + 0.91) / 5, cell.accuracy().embeddingCosine(), 1e-15);
        PassageRetrieval.Scores scores = PassageRetrieval.score(docs.stream().map(d -> d.retrieval().variantQuery()).toList(),
                docs.stream().map(d -> d.retrieval().variantPassage()).toList(), docs.stream().map(d -> d.retrieval().referenceQuery()).toList(),
                docs.stream().map(d -> d.retrieval().referencePassage()).toList(), 2);
        assertEquals(scores.meanRecall(), cell.accuracy().retrievalRecallAtK());
        assertEquals(scores.recallAtK(), cell.accuracy().perDocument().get("retrievalRecallAtK"));
        assertEquals(scores.meanTop1(), cell.accuracy().retrievalTop1());
        assertEquals(docs.stream().map(DocumentAccuracy::embeddingCosine).toList(), cell.accuracy().perDocument().get("embeddingCosine"));
        assertSame(COST, cell.cost());
        assertSame(DIAGNOSTICS, cell.diagnostics());
        assertEquals(WINDOW.params(), cell.params());
    }

    /** What a second engine does: chunks on other machines, answers in any order; the cell is exactly the same. */
    @Test
    void chunksInAnyOrderGiveExactlyTheCellOfOneTask() {
        List<DocumentAccuracy> docs = documents();
        Cell whole = CellAggregator.aggregate(CELL, List.of(new ChunkResult(CELL.whole(), docs, COST, DIAGNOSTICS, null)), RETRIEVAL);
        List<CellTask> tasks = CELL.chunks(2);
        List<ChunkResult> chunks = List.of(
                new ChunkResult(tasks.get(2), docs.subList(4, 5), null, null, null),
                new ChunkResult(tasks.get(0), docs.subList(0, 2), COST, DIAGNOSTICS, null),
                new ChunkResult(tasks.get(1), docs.subList(2, 4), null, null, null));
        assertEquals(whole, CellAggregator.aggregate(CELL, chunks, RETRIEVAL));
    }

    @Test
    void oneFailedChunkFailsTheCellWithItsError() {
        List<CellTask> tasks = CELL.chunks(3);
        Cell cell = CellAggregator.aggregate(CELL, List.of(new ChunkResult(tasks.get(0), documents().subList(0, 3), COST, null, null),
                ChunkResult.failed(tasks.get(1), "out of memory")));
        assertEquals(Cell.FAILED, cell.status());
        assertEquals("out of memory", cell.error());
        assertEquals(5, cell.documents(), "the planned documents");
        assertNull(cell.accuracy());
        assertNull(cell.cost());
    }

    @Test
    void withoutEmbeddingsThereIsNoEmbeddingCosineNorRetrieval() {
        DocumentAccuracy kernel = new DocumentAccuracy(0, 0.7, 0.2, 0.6, 2.5, null, null);
        PlannedCell one = new PlannedCell(WINDOW, 16, 1);
        Cell cell = CellAggregator.aggregate(one, List.of(new ChunkResult(one.whole(), List.of(kernel), COST, null, null)));
        assertEquals(0.7, cell.accuracy().tokenCosineMean());
        assertEquals(0.2, cell.accuracy().tokenCosineMin());
        assertEquals(0.6, cell.accuracy().relL2());
        assertEquals(2.5, cell.accuracy().maxAbsError());
        assertNull(cell.accuracy().embeddingCosine());
        assertNull(cell.accuracy().retrievalRecallAtK());
    }

    @Test
    void belowThePoolSizeRetrievalIsAbsentAndSaysWhy() {
        List<DocumentAccuracy> docs = documents().stream().map(d -> new DocumentAccuracy(d.document(), d.tokenCosineMean(),
                d.tokenCosineMin(), d.relL2(), d.maxAbsError(), d.embeddingCosine(), null)).toList();
        Cell cell = CellAggregator.aggregate(CELL, List.of(new ChunkResult(CELL.whole(), docs, COST, null, null)), new RetrievalSpec(10, 100));
        assertNull(cell.accuracy().retrievalRecallAtK());
        assertEquals("retrieval needs a pool of at least 100 passages (retrieval.minPool), one per document; this cell has 5 "
                + "(corpus.documents): with so few, every passage is in everybody's top 10 and the metric cannot fail",
                cell.accuracy().retrievalNote());
    }
}
