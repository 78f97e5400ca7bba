package org.attentionlab.runners.record;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.UnaryOperator;
import org.attentionlab.core.error.UserFacingException;
import org.attentionlab.runners.Fixtures;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.Environment;
import org.attentionlab.runners.results.InputFile;
import org.attentionlab.runners.results.RunResults;
import org.attentionlab.runners.results.RunStart;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The run folder's lock, and cells.jsonl read back on resume: repaired, deduplicated, failed cells retried. */
class RunFolderTest {

    private static final RunResults FIXTURE = Fixtures.results(List.of(
            Fixtures.cell("full", 16, 1.0, 1.0), Fixtures.cell("window", 16, 0.9, 0.5),
            Fixtures.cell("full", 32, 1.0, 1.0), Fixtures.cell("window", 32, 0.8, 0.4)));
    private static final ExperimentConfig CONFIG = FIXTURE.config();
    private static final UnaryOperator<ExperimentConfig> AS_IS = c -> c;

    private static RunFolder create(Path tmp) {
        return RunFolder.create(tmp.resolve("out"), new RunStart(RunResults.SCHEMA_VERSION, CONFIG, FIXTURE.environment(), "2026-12-02T00:00:00Z"));
    }

    private static RunFolder resume(Path dir) {
        return RunFolder.resume(dir, CONFIG, AS_IS, null);
    }

    @Test
    void aSecondProcessIsRefusedWhileTheFirstHoldsTheFolder(@TempDir Path tmp) {
        Path dir;
        try (RunFolder running = create(tmp)) {
            dir = running.dir();
            UserFacingException e = assertThrows(UserFacingException.class, () -> resume(dir));
            String pid = String.valueOf(ProcessHandle.current().pid());
            assertTrue(e.getMessage().startsWith("run folder " + dir + " is in use by pid " + pid + " on host "), e.getMessage());
            assertTrue(e.getMessage().endsWith("; wait for it to finish or stop it"), e.getMessage());
        }
        try (RunFolder resumed = resume(dir)) { // released when the first closed
            assertEquals(dir, resumed.dir());
        }
    }

    @Test
    void aCellWrittenTwiceIsReadOnceAndReported(@TempDir Path tmp) throws IOException {
        Path dir;
        try (RunFolder folder = create(tmp)) {
            dir = folder.dir();
            folder.append(FIXTURE.cells().get(0));
            folder.append(FIXTURE.cells().get(1));
            folder.append(FIXTURE.cells().get(0)); // a second process measured it again
        }
        try (RunFolder resumed = resume(dir)) {
            assertEquals(List.of("full@16", "window@16"), resumed.finishedCells().stream().map(Cell::key).toList());
            assertEquals(FIXTURE.cells().get(0), resumed.finishedCells().get(0));
            assertEquals(List.of("cells.jsonl holds 1 cell twice (full@16; two processes wrote to the folder?): the first of each is kept"),
                    resumed.notes());
        }
    }

    @Test
    void aCellWithTaskScoresAndNoAccuracyIsReadBack(@TempDir Path tmp) throws IOException {
        Cell c = FIXTURE.cells().get(0);
        org.attentionlab.runners.results.TaskScore needle = new org.attentionlab.runners.results.TaskScore("needle",
                org.attentionlab.runners.results.TaskScore.ACCURACY_AT_1, 0.5, List.of(1.0, 0.0), 1L, java.util.Map.of("0", 0.5),
                null, null, null, null, null);
        // a tasks-alone cell: task scores, no agreement metrics
        Cell tasksAlone = new Cell(c.variant(), c.label(), c.params(), c.layers(), c.contextSize(), 0, Cell.OK, null, null, c.cost(),
                null, null, java.util.Map.of("needle", needle));
        Path dir;
        try (RunFolder folder = create(tmp)) {
            dir = folder.dir();
            folder.append(tasksAlone);
        }
        try (RunFolder resumed = resume(dir)) {
            assertEquals(List.of(tasksAlone), resumed.finishedCells());
            assertEquals(List.of(), resumed.notes());
        }
    }

    /** kill -9 after 4 cells, line 4 cut in half but keeping its newline, resume, kill again, resume again. */
    @Test
    void aCorruptLineIsRemovedAndKeptAsideSoTheRunStaysResumable(@TempDir Path tmp) throws IOException {
        Path dir;
        try (RunFolder folder = create(tmp)) {
            dir = folder.dir();
            FIXTURE.cells().forEach(folder::append);
        }
        Path cells = dir.resolve("cells.jsonl");
        List<String> lines = Files.readAllLines(cells);
        String half = lines.get(3).substring(0, lines.get(3).length() / 2);
        Files.writeString(cells, String.join("\n", lines.subList(0, 3)) + "\n" + half + "\n");
        try (RunFolder resumed = resume(dir)) {
            assertEquals(3, resumed.finishedCells().size());
            assertEquals(List.of("line 4 of cells.jsonl was not a cell (cut by a kill, or damaged): removed, their bytes kept in "
                    + "cells.jsonl.removed; those cells run again"), resumed.notes());
            assertEquals(lines.subList(0, 3), Files.readAllLines(cells), "truncated to the last good line");
            assertEquals(half + "\n", Files.readString(dir.resolve("cells.jsonl.removed"), StandardCharsets.UTF_8));
            resumed.append(FIXTURE.cells().get(3)); // the resume measured it again, then was killed
        }
        try (RunFolder again = resume(dir)) {
            assertEquals(FIXTURE.cells(), again.finishedCells());
            assertEquals(List.of(), again.notes());
        }
    }

    @Test
    void aFailedCellIsKeptAsHistoryAndALaterAttemptReplacesIt(@TempDir Path tmp) throws IOException {
        Cell failed = Cell.failed("sliding-window", "window", java.util.Map.of(), null, 16, 4, "out of memory");
        Path dir;
        try (RunFolder folder = create(tmp)) {
            dir = folder.dir();
            folder.append(FIXTURE.cells().get(0));
            folder.append(failed);
        }
        try (RunFolder resumed = resume(dir)) {
            assertEquals(List.of(FIXTURE.cells().get(0), failed), resumed.finishedCells());
            resumed.append(FIXTURE.cells().get(1)); // the retry succeeded
        }
        try (RunFolder again = resume(dir)) {
            assertEquals(List.of(FIXTURE.cells().get(0), FIXTURE.cells().get(1)), again.finishedCells());
            assertEquals(3, Files.readAllLines(dir.resolve("cells.jsonl")).size(), "the failed attempt stays in the history");
        }
    }

    @Test
    void aRunJsonWithoutAConfigIsNamedAsSuch(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Files.writeString(dir.resolve("run.json"), "{}");
        UserFacingException e = assertThrows(UserFacingException.class, () -> resume(dir));
        assertEquals("cannot resume " + dir + ": run.json holds no config (it was not written by attnlab run)", e.getMessage());
    }

    @Test
    void anUnwritableFileGivesThePathAndTheReasonAndLeavesNoTempFile(@TempDir Path tmp) throws IOException {
        Path dir = Files.createDirectories(tmp.resolve("run"));
        Files.createDirectories(dir.resolve("report.html").resolve("in-the-way")); // a non-empty folder where the file goes
        UserFacingException e = assertThrows(UserFacingException.class,
                () -> RunFolder.writeFiles(dir, java.util.Map.of("report.html", "<html></html>")));
        assertTrue(e.getMessage().startsWith("cannot write " + dir.resolve("report.html") + ": "), e.getMessage());
        assertFalse(Files.exists(dir.resolve("report.html.tmp")));
    }

    @Test
    void aNewFolderWithoutCellsIsRemovedWhenTheRunFailsBeforeItsFirstCell(@TempDir Path tmp) {
        RunFolder folder = create(tmp);
        Path dir = folder.dir();
        folder.discardIfEmpty();
        assertFalse(Files.exists(dir));
        RunFolder kept = create(tmp);
        kept.append(FIXTURE.cells().get(0));
        kept.discardIfEmpty();
        assertTrue(Files.exists(kept.dir().resolve("cells.jsonl")));
        kept.close();
    }

    private static RunStart startWith(String commit, String corpusSha) {
        Environment env = new Environment("17", "vendor", "Linux", "cpu", 2, 1, "1.23.2", "256 bits", commit);
        return new RunStart(RunResults.SCHEMA_VERSION, CONFIG, env, "2026-12-02T00:00:00Z",
                List.of(new InputFile(InputFile.MODEL, "m.onnx", "a".repeat(64)), new InputFile(InputFile.CORPUS, "/data/texts.txt", corpusSha)),
                RunStart.ATTNLAB_VERSION);
    }

    @Test
    void aResumeWhoseCorpusChangedBehindItsPathIsRefusedNamingTheFile(@TempDir Path tmp) {
        Path dir;
        try (RunFolder folder = RunFolder.create(tmp.resolve("out"), startWith("abc", "1".repeat(64)))) {
            dir = folder.dir();
            folder.append(FIXTURE.cells().get(0));
        }
        UserFacingException e = assertThrows(UserFacingException.class,
                () -> RunFolder.resume(dir, CONFIG, AS_IS, startWith("abc", "2".repeat(64))));
        assertEquals("cannot resume " + dir + ": the corpus /data/texts.txt changed since the run started (SHA-256 111111111111... then, "
                + "222222222222... now); start a new run", e.getMessage());
        try (RunFolder same = RunFolder.resume(dir, CONFIG, AS_IS, startWith("abc", "1".repeat(64)))) {
            assertEquals(List.of(), same.notes());
        }
    }

    @Test
    void aResumeOnOtherCodeSaysWhichCellsCameFromWhichCommit(@TempDir Path tmp) {
        Path dir;
        try (RunFolder folder = RunFolder.create(tmp.resolve("out"), startWith("abc", "1".repeat(64)))) {
            dir = folder.dir();
            folder.append(FIXTURE.cells().get(0));
            folder.append(FIXTURE.cells().get(1));
        }
        try (RunFolder resumed = RunFolder.resume(dir, CONFIG, AS_IS, startWith("def", "1".repeat(64)))) {
            assertEquals(List.of("the code changed since this run started: full@16, window@16 from commit abc (attention-lab " + RunStart.ATTNLAB_VERSION + "); "
                    + "the remaining cells come from commit def (attention-lab " + RunStart.ATTNLAB_VERSION + ")"), resumed.notes());
            resumed.append(FIXTURE.cells().get(2));
        }
        try (RunFolder again = RunFolder.resume(dir, CONFIG, AS_IS, startWith("def", "1".repeat(64)))) {
            assertEquals(List.of("the code changed since this run started: full@16, window@16 from commit abc (attention-lab " + RunStart.ATTNLAB_VERSION + "); "
                    + "full@32 from commit def (attention-lab " + RunStart.ATTNLAB_VERSION + "); the remaining cells come from commit def (attention-lab " + RunStart.ATTNLAB_VERSION + ")"),
                    again.notes());
        }
    }
}
