package org.attentionlab.runners.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.attentionlab.core.attention.AttentionShape;
import org.attentionlab.core.plugin.PluginRegistry;
import org.attentionlab.core.tensor.Parallel;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.config.KernelSpec;
import org.attentionlab.runners.config.MeasureSpec;
import org.attentionlab.runners.config.VariantSpec;
import org.attentionlab.runners.memory.CellMemory;
import org.attentionlab.runners.memory.MemoryBudget;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.RunResults;
import org.attentionlab.runners.results.RunStart;
import org.attentionlab.runners.plan.RunPlan;
import org.attentionlab.runners.record.RunFolder;
import org.attentionlab.runners.record.Sweep;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A kernel sweep held to a heap where materialized full attention fits at n = 512 but not at 1024 (the block engine's tiled scratch is O(B x n), so only past a few hundred tokens is it the smaller):
 * there the reference switches to the exact tiled algorithm and says so, the materialized variant is
 * refused in one line, and the other cells of the size still run.
 */
class KernelSweepMemoryTest {

    private static final int HEADS = 2;
    private static final int D = 8;

    @TempDir
    Path tmp;

    @Test
    void whereMaterializedCannotFitTheReferenceIsTiledAndTheCellIsRefused() {
        int threadsBefore = Parallel.threads();
        Parallel.setThreads(1);
        try {
            PluginRegistry plugins = PluginRegistry.load();
            long materialized1024 = plugins.factory("full").create(Map.of("algorithm", "materialized")).cost(new AttentionShape(1024, HEADS, D, false)).scratchBytes();
            long materialized512 = plugins.factory("full").create(Map.of("algorithm", "materialized")).cost(new AttentionShape(512, HEADS, D, false)).scratchBytes();
            AttentionShape at1024 = new AttentionShape(1024, HEADS, D, false);
            long tiled1024 = plugins.factory("full").create(Map.of("algorithm", "tiled", "blockSize", 16)).cost(at1024).scratchBytes();
            long tiledReference1024 = plugins.factory("full").create(Map.of("algorithm", "tiled")).cost(at1024).scratchBytes();
            long window1024 = plugins.factory("sliding-window").create(Map.of("window", 8)).cost(at1024).scratchBytes();
            // room for two materialized attentions at 512 (variant + reference) and for the tiled and window cells at 1024,
            // not for materialized attention at 1024
            long heap = Math.max(CellMemory.kernelCell(HEADS, D, 512, materialized512, materialized512).heap(),
                    CellMemory.kernelCell(HEADS, D, 1024, Math.max(tiled1024, window1024), tiledReference1024).heap());
            assertTrue(CellMemory.kernelCell(HEADS, D, 1024, 0, materialized1024).heap() > heap, "the test's premise");
            MemoryBudget budget = new MemoryBudget(heap, Long.MAX_VALUE);

            VariantSpec full = new VariantSpec("full", "full", Map.of("algorithm", "materialized"), null);
            VariantSpec tiled = new VariantSpec("full", "tiled", Map.of("algorithm", "tiled", "blockSize", 16), null);
            VariantSpec window = new VariantSpec("sliding-window", "window-8", Map.of("window", 8), null);
            ExperimentConfig config = new ExperimentConfig("mem", org.attentionlab.runners.config.ExperimentKind.KERNEL, null, null, List.of(512, 1024), List.of(full, tiled, window),
                    new MeasureSpec(0, 1, 1), tmp.toString(), new KernelSpec(HEADS, null, D, 0L, false));
            List<String> notes = new ArrayList<>();
            SweepProgress progress = SweepProgress.notesTo(notes::add);
            KernelWorkload workload = new KernelWorkload(config, plugins, progress);
            workload.useMemoryBudget(budget);
            RunFolder folder = RunFolder.create(tmp, new RunStart(RunResults.SCHEMA_VERSION, config, null, Instant.now().toString()));
            RunResults results;
            try (LocalExecutor executor = new LocalExecutor(workload, progress)) {
                results = new Sweep(RunPlan.of(config), executor, progress).run(folder, null);
            }

            Map<String, Cell> cells = new java.util.HashMap<>();
            results.cells().forEach(c -> cells.put(c.label() + "@" + c.contextSize(), c));
            for (String label : List.of("full", "tiled", "window-8")) {
                assertEquals(Cell.OK, cells.get(label + "@512").status(), cells.get(label + "@512").toString());
            }
            Cell refused = cells.get("full@1024");
            assertEquals(Cell.FAILED, refused.status());
            assertTrue(refused.error().startsWith("n=1024 (full) needs about "), refused.error());
            assertTrue(refused.error().endsWith("more than the heap limit of " + MemoryBudget.bytes(heap) + "; " + CellMemory.ADVICE), refused.error());
            // the sweep went on: the exact tiled variant agrees with the (tiled) reference, the window is measured against it
            assertEquals(Cell.OK, cells.get("tiled@1024").status(), cells.get("tiled@1024").toString());
            assertTrue(cells.get("tiled@1024").accuracy().maxAbsError() < 1e-5, cells.get("tiled@1024").toString());
            assertEquals(Cell.OK, cells.get("window-8@1024").status());
            assertTrue(notes.stream().anyMatch(n -> n.startsWith("n=1024: the reference is full attention with algorithm: tiled")), notes.toString());
            assertTrue(notes.stream().noneMatch(n -> n.startsWith("n=512: the reference is")), notes.toString());
            assertEquals(2, workload.referenceForwards(), "one reference forward per size");

            // a size whose only cell is refused runs no reference forward at all: refused at once, not after it
            ExperimentConfig onlyFull = new ExperimentConfig("mem-full", org.attentionlab.runners.config.ExperimentKind.KERNEL, null, null,
                    List.of(1024), List.of(full), new MeasureSpec(0, 1, 1), tmp.resolve("only-full").toString(),
                    new KernelSpec(HEADS, null, D, 0L, false));
            KernelWorkload refusedOnly = new KernelWorkload(onlyFull, plugins, progress);
            refusedOnly.useMemoryBudget(budget);
            RunFolder onlyFolder = RunFolder.create(tmp.resolve("only-full"),
                    new RunStart(RunResults.SCHEMA_VERSION, onlyFull, null, Instant.now().toString()));
            RunResults onlyResults;
            try (LocalExecutor executor = new LocalExecutor(refusedOnly, progress)) {
                onlyResults = new Sweep(RunPlan.of(onlyFull), executor, progress).run(onlyFolder, null);
            }
            assertEquals(Cell.FAILED, onlyResults.cells().get(0).status());
            assertTrue(onlyResults.cells().get(0).error().startsWith("n=1024 (full) needs about "), onlyResults.cells().get(0).error());
            assertEquals(0, refusedOnly.referenceForwards());
        } finally {
            Parallel.setThreads(threadsBefore);
        }
    }
}
