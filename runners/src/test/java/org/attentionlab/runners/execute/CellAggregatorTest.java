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
import org.attentionlab.runners.results.TaskScore;
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

    /** A task score is a figure like any other: NaN in one query's value fails the cell, named, instead of an ok NaN score. */
    @Test
    void aNonFiniteTaskScoreFailsTheCellNamed() {
        PlannedCell tasksAlone = new PlannedCell(WINDOW, 16, 0);
        TaskScore nan = new TaskScore("recall", TaskScore.ACCURACY, Double.NaN, List.of(1.0, Double.NaN), 1L, null, null, null, null,
                Map.of("2", Double.NaN), Map.of("1-16", Double.NaN));
        Cell cell = CellAggregator.aggregate(tasksAlone, List.of(new ChunkResult(tasksAlone.whole(), List.of(), COST, null, null,
                Map.of("recall", nan))), RETRIEVAL);
        assertEquals(Cell.FAILED, cell.status());
        assertEquals("non-finite task score: task recall: score is NaN (the variant's output holds NaN or infinity)", cell.error());
        TaskScore oneQuery = new TaskScore("needle", TaskScore.ACCURACY_AT_1, 0.5, List.of(1.0, Double.POSITIVE_INFINITY), 1L,
                Map.of("0", 0.5), null, null, null, null, null);
        Cell infinite = CellAggregator.aggregate(tasksAlone, List.of(new ChunkResult(tasksAlone.whole(), List.of(), COST, null, null,
                Map.of("needle", oneQuery))), RETRIEVAL);
        assertEquals("non-finite task score: task needle: perQuery holds Infinity (query 1) (the variant's output holds NaN or infinity)",
                infinite.error());
        TaskScore finite = new TaskScore("recall", TaskScore.ACCURACY, 0.5, List.of(1.0, 0.0), 1L, null, null, null, null,
                Map.of("2", 0.5), Map.of("1-16", 0.5));
        Cell ok = CellAggregator.aggregate(tasksAlone, List.of(new ChunkResult(tasksAlone.whole(), List.of(), COST, null, null,
                Map.of("recall", finite))), RETRIEVAL);
        assertEquals(Cell.OK, ok.status());
        assertEquals(finite, ok.tasks().get("recall"));
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

    /**
     * Five documents of a causal language model, each 17 tokens (16 predicted positions, one per bucket) over a
     * vocabulary of 3, the variant's logits a document-dependent distortion of the reference's.
     */
    private static List<DocumentAccuracy> nextTokenDocuments() {
        SplittableRandom random = new SplittableRandom(5);
        List<DocumentAccuracy> docs = new ArrayList<>();
        for (int d = 0; d < 5; d++) {
            int[] ids = new int[17];
            float[] reference = new float[17 * 3];
            float[] variant = new float[17 * 3];
            for (int i = 0; i < 17; i++) {
                ids[i] = random.nextInt(3);
                for (int c = 0; c < 3; c++) {
                    reference[i * 3 + c] = (float) random.nextDouble(-2, 2);
                    variant[i * 3 + c] = reference[i * 3 + c] + (float) random.nextDouble(-0.3 * d, 0.3 * d + 1e-6);
                }
            }
            var prefix = org.attentionlab.runners.metrics.NextTokenComparison.ofPredictedPositions(variant, reference, 3, ids);
            docs.add(DocumentAccuracy.ofNextToken(d, NextTokenAccuracy.of(prefix, prefix)));
        }
        return docs;
    }

    @Test
    void aDecoderCellPoolsEveryPredictedPositionOfEveryDocument() {
        List<DocumentAccuracy> docs = nextTokenDocuments();
        Cell cell = CellAggregator.aggregate(CELL, List.of(new ChunkResult(CELL.whole(), docs, COST, null, null)), RETRIEVAL);
        var a = cell.accuracy();
        assertNull(a.tokenCosineMean());
        double nll = docs.stream().mapToDouble(d -> d.nextToken().nllMean()).sum() / 5;
        assertEquals(Math.exp(nll), a.perplexity(), 1e-12); // 16 positions per document: the mean of means is the pooled mean
        assertEquals(docs.stream().mapToDouble(d -> d.nextToken().klMean()).sum() / 5, a.klMean(), 1e-15);
        double[] pooled = docs.stream().flatMap(d -> d.nextToken().kl().stream()).mapToDouble(Double::doubleValue).toArray();
        assertEquals(80, pooled.length);
        assertEquals(org.attentionlab.runners.metrics.Stats.percentile(pooled, 95), a.klP95(), 1e-15);
        assertEquals(docs.stream().map(d -> Math.exp(d.nextToken().nllMean())).toList(), a.perDocument().get("perplexity"));
        assertEquals(16, a.nllByPosition().size());
        assertEquals(docs.stream().mapToDouble(d -> d.nextToken().nllByPosition().get(7)).sum() / 5, a.nllByPosition().get(7), 1e-15);
        assertEquals(a.klMean(), a.decodeKlMean(), 1e-15);
        assertNull(a.retrievalNote(), "no retrieval for a decoder");
        List<CellTask> tasks = CELL.chunks(2);
        List<ChunkResult> chunks = new ArrayList<>();
        for (int t = tasks.size() - 1; t >= 0; t--) {
            CellTask task = tasks.get(t);
            chunks.add(new ChunkResult(task, docs.subList(task.firstDocument(), task.firstDocument() + task.documents()),
                    t == 0 ? COST : null, null, null));
        }
        assertEquals(cell, CellAggregator.aggregate(CELL, chunks, RETRIEVAL), "chunks in any order give the same cell");
    }
}
