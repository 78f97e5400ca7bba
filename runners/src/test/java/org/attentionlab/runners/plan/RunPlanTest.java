package org.attentionlab.runners.plan;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attentionlab.runners.config.CorpusSpec;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.ExperimentKind;
import org.attentionlab.runners.config.KernelSpec;
import org.attentionlab.runners.config.MeasureSpec;
import org.attentionlab.runners.config.ReferenceSpec;
import org.attentionlab.runners.config.VariantSpec;
import org.junit.jupiter.api.Test;

/** The plan: cells in run order, the baseline and the fit start, from the config alone. */
class RunPlanTest {

    private static final VariantSpec TILED = new VariantSpec("full", "tiled", Map.of("algorithm", "tiled"), null);
    private static final VariantSpec HYBRID = new VariantSpec("full", "full-layer-0", Map.of(), List.of(0));
    private static final VariantSpec PLAIN = new VariantSpec("full", "plain", Map.of("algorithm", "materialized"), null);
    private static final VariantSpec WINDOW = new VariantSpec("sliding-window", "window", Map.of("window", 4), null);

    private static ExperimentConfig model(List<VariantSpec> variants, Integer fitFrom) {
        return new ExperimentConfig("p", ExperimentKind.MODEL, ReferenceSpec.defaults(), new CorpusSpec("europarl-en", null, 5),
                List.of(64, 16, 32), variants, new MeasureSpec(0, 1, 1, fitFrom), "out", null);
    }

    @Test
    void cellsRunSizeBySizeInTheConfigsOrderWithTheCorpusDocuments() {
        RunPlan plan = RunPlan.of(model(List.of(WINDOW, PLAIN), null));
        assertEquals(List.of("window@64", "plain@64", "window@16", "plain@16", "window@32", "plain@32"),
                plan.cells().stream().map(PlannedCell::key).toList());
        plan.cells().forEach(c -> assertEquals(5, c.documents()));
        assertEquals(16, plan.fitFrom(), "the smallest size when fitFrom is not given");
        assertEquals(32, RunPlan.of(model(List.of(WINDOW, PLAIN), 32)).fitFrom());
    }

    @Test
    void aKernelCellHasOneSetOfInputs() {
        ExperimentConfig kernel = new ExperimentConfig("k", ExperimentKind.KERNEL, null, null, List.of(8), List.of(PLAIN),
                new MeasureSpec(0, 1, 1, 8), "out", KernelSpec.defaults());
        assertEquals(1, RunPlan.of(kernel).cells().get(0).documents());
    }

    @Test
    void theBaselineIsTheFirstPlainFullAttentionInEveryLayer() {
        assertEquals("plain", RunPlan.of(model(List.of(WINDOW, TILED, HYBRID, PLAIN), null)).baselineLabel());
        // without a materialized one, full's default (tiled, since issue 22) is the baseline; a hybrid never is
        assertEquals("tiled", RunPlan.of(model(List.of(WINDOW, TILED, HYBRID), null)).baselineLabel());
        assertNull(RunPlan.of(model(List.of(WINDOW, HYBRID), null)).baselineLabel(), "hybrids are not the baseline");
        assertEquals(RunPlan.baselineLabel(model(List.of(PLAIN, WINDOW), null)), RunPlan.of(model(List.of(PLAIN, WINDOW), null)).baselineLabel());
    }

    @Test
    void aResumedRunPlansOnlyWhatIsNotOnDisk() {
        RunPlan plan = RunPlan.of(model(List.of(WINDOW, PLAIN), null));
        assertEquals(List.of("plain@64", "window@32"),
                plan.remaining(Set.of("window@64", "window@16", "plain@16", "plain@32")).stream().map(PlannedCell::key).toList());
    }

    @Test
    void chunksCoverTheDocumentsOnceAndOnlyTheFirstIsTimed() {
        PlannedCell cell = new PlannedCell(WINDOW, 16, 5);
        assertEquals(List.of(new CellTask(WINDOW, 16, 0, 2, true), new CellTask(WINDOW, 16, 2, 2, false), new CellTask(WINDOW, 16, 4, 1, false)),
                cell.chunks(2));
        assertEquals(List.of(cell.whole()), cell.chunks(5));
        assertEquals(List.of(cell.whole()), cell.chunks(100));
        assertEquals(new CellTask(WINDOW, 16, 0, 5, true), cell.whole());
        assertEquals("window@16", cell.whole().cellKey());
        assertEquals("chunk size must be >= 1, got 0", assertThrows(IllegalArgumentException.class, () -> cell.chunks(0)).getMessage());
    }
}
