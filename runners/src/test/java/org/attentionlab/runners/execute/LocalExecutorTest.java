package org.attentionlab.runners.execute;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.attentionlab.runners.config.VariantSpec;
import org.attentionlab.runners.plan.CellTask;
import org.attentionlab.runners.results.Gate;
import org.junit.jupiter.api.Test;

/** The local executor: each size prepared once, a failure becomes a failed result, never an exception. */
class LocalExecutorTest {

    private static final VariantSpec OK = new VariantSpec("full", "ok", Map.of(), null);
    private static final VariantSpec THROWS = new VariantSpec("full", "throws", Map.of(), null);
    private static final VariantSpec OOM = new VariantSpec("full", "oom", Map.of(), null);

    /** Records what it is asked; fails where told to. */
    private static final class ScriptedWorkload implements Workload {
        final List<String> calls = new ArrayList<>();
        final int failPreparing;

        ScriptedWorkload(int failPreparing) {
            this.failPreparing = failPreparing;
        }

        @Override
        public Gate gate() {
            return null;
        }

        @Override
        public void prepare(int n) {
            calls.add("prepare " + n);
            if (n == failPreparing) {
                throw new IllegalStateException("no room for n=" + n + "\nsecond line");
            }
        }

        @Override
        public ChunkResult run(CellTask task) {
            calls.add("run " + task.cellKey());
            if (task.variant() == THROWS) {
                throw new IllegalArgumentException("bad input");
            }
            if (task.variant() == OOM) {
                throw new OutOfMemoryError();
            }
            return new ChunkResult(task, List.of(new DocumentAccuracy(0, 1, 1, 0, 0, null, null)), null, null, null);
        }

        @Override
        public void release() {
            calls.add("release");
        }
    }

    private static CellTask task(VariantSpec v, int n) {
        return new CellTask(v, n, 0, 1, true);
    }

    @Test
    void eachSizeIsPreparedOnceAndAFailingCellDoesNotStopTheOthers() {
        ScriptedWorkload w = new ScriptedWorkload(-1);
        List<ChunkResult> results = new ArrayList<>();
        try (LocalExecutor executor = new LocalExecutor(w, SweepProgress.SILENT)) {
            for (int n : List.of(8, 16)) {
                for (VariantSpec v : List.of(OK, THROWS, OOM)) {
                    results.add(executor.execute(task(v, n)));
                }
            }
        }
        assertEquals(List.of("release", "prepare 8", "run ok@8", "run throws@8", "run oom@8",
                "release", "prepare 16", "run ok@16", "run throws@16", "run oom@16", "release"), w.calls);
        assertNull(results.get(0).error());
        assertEquals("IllegalArgumentException: bad input", results.get(1).error());
        assertEquals("out of memory", results.get(2).error());
        assertTrue(results.get(2).documents().isEmpty());
    }

    @Test
    void aSizeThatCannotBePreparedFailsEachOfItsCellsOnceWithoutRetrying() {
        ScriptedWorkload w = new ScriptedWorkload(16);
        List<String> errors = new ArrayList<>();
        try (LocalExecutor executor = new LocalExecutor(w, SweepProgress.SILENT)) {
            for (int n : List.of(16, 32)) {
                for (VariantSpec v : List.of(OK, THROWS)) {
                    errors.add(executor.execute(task(v, n)).error());
                }
            }
        }
        assertEquals(java.util.Arrays.asList("preparing n=16: IllegalStateException: no room for n=16", "preparing n=16: IllegalStateException: no room for n=16",
                null, "IllegalArgumentException: bad input"), errors);
        assertEquals(1, w.calls.stream().filter("prepare 16"::equals).count(), w.calls.toString());
        assertTrue(w.calls.contains("run ok@32"));
    }
}
