package org.attentionlab.runners.record;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionlab.core.error.UserFacingException;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.ResultsJson;

/**
 * {@code cells.jsonl} read back when a run resumes: one cell per line, in the order they finished, failed
 * attempts included (the history). Reading repairs it first: a line that is not a cell (torn by a kill
 * mid-write, or damaged) is removed from the file, so that new cells are never appended after it, and its
 * bytes are kept in {@code cells.jsonl.removed}. Then one cell per key is chosen: the first successful
 * attempt (a second one is a duplicate, reported and ignored), else the last failed one, which the resume
 * runs again.
 */
final class CellsLog {

    static final String REMOVED = RunFolder.CELLS + ".removed";

    /**
     * @param cells    the cell kept per key, in file order
     * @param attempts every cell line of the repaired file, in order (failed attempts and duplicates included)
     * @param notes    what the reading had to say about the file
     */
    record Read(List<Cell> cells, List<Cell> attempts, List<String> notes) {
    }

    private CellsLog() {
    }

    static Read repairAndRead(Path dir) {
        Path file = dir.resolve(RunFolder.CELLS);
        if (!Files.exists(file)) {
            return new Read(List.of(), List.of(), List.of());
        }
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UserFacingException("cannot read " + file + ": " + RunFolder.reason(e));
        }
        List<String> notes = new ArrayList<>();
        ByteArrayOutputStream kept = new ByteArrayOutputStream(bytes.length);
        ByteArrayOutputStream removed = new ByteArrayOutputStream();
        List<Integer> removedLines = new ArrayList<>();
        List<Cell> cells = new ArrayList<>();
        int start = 0;
        int lineNumber = 0;
        while (start < bytes.length) {
            int end = start;
            while (end < bytes.length && bytes[end] != '\n') {
                end++;
            }
            lineNumber++;
            boolean terminated = end < bytes.length;
            int next = terminated ? end + 1 : end;
            String line = new String(bytes, start, end - start, StandardCharsets.UTF_8);
            if (line.isBlank()) {
                start = next;
                continue;
            }
            Cell cell = terminated ? parse(line) : null; // a line without its newline was cut mid-write
            if (cell == null) {
                removed.write(bytes, start, next - start);
                if (!terminated) {
                    removed.write('\n');
                }
                removedLines.add(lineNumber);
            } else {
                kept.write(bytes, start, next - start);
                cells.add(cell);
            }
            start = next;
        }
        if (!removedLines.isEmpty()) {
            try {
                Files.write(dir.resolve(REMOVED), removed.toByteArray(), StandardOpenOption.CREATE, StandardOpenOption.APPEND);
                Path tmp = dir.resolve(RunFolder.CELLS + ".tmp");
                Files.write(tmp, kept.toByteArray());
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (IOException e) {
                throw new UserFacingException("cannot repair " + file + ": " + RunFolder.reason(e));
            }
            notes.add((removedLines.size() == 1 ? "line " + removedLines.get(0) + " of " + RunFolder.CELLS + " was not a cell"
                    : "lines " + removedLines + " of " + RunFolder.CELLS + " were not cells")
                    + " (cut by a kill, or damaged): removed, their bytes kept in " + REMOVED + "; those cells run again");
        }
        return new Read(choose(cells, notes), cells, notes);
    }

    /** A cell, or null for a line that is not one (not JSON, or without the fields every cell has). */
    private static Cell parse(String line) {
        try {
            Cell cell = ResultsJson.MAPPER.readValue(line, Cell.class);
            boolean whole = cell != null && cell.label() != null && cell.variant() != null && cell.contextSize() > 0
                    && (Cell.FAILED.equals(cell.status()) || (Cell.OK.equals(cell.status()) && cell.cost() != null
                    && (cell.accuracy() != null || cell.tasks() != null))); // a tasks-alone cell has task scores, no accuracy
            return whole ? cell : null;
        } catch (IOException e) {
            return null;
        }
    }

    /** Per key: the first ok attempt, else the last failed one. */
    private static List<Cell> choose(List<Cell> attempts, List<String> notes) {
        Map<String, Cell> chosen = new LinkedHashMap<>();
        List<String> duplicates = new ArrayList<>();
        for (Cell cell : attempts) {
            Cell before = chosen.get(cell.key());
            if (before == null || !before.ok()) {
                chosen.put(cell.key(), cell);
            } else if (cell.ok()) {
                duplicates.add(cell.key());
            }
        }
        if (!duplicates.isEmpty()) {
            notes.add(RunFolder.CELLS + " holds " + duplicates.size() + " cell" + (duplicates.size() == 1 ? "" : "s")
                    + " twice (" + String.join(", ", duplicates) + "; two processes wrote to the folder?): the first of each is kept");
        }
        return new ArrayList<>(chosen.values());
    }
}
