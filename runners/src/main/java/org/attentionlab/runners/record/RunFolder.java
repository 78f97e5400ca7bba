package org.attentionlab.runners.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.attentionlab.core.error.UserFacingException;
import org.attentionlab.runners.config.ExperimentConfig;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.ResultsJson;
import org.attentionlab.runners.results.RunResults;
import org.attentionlab.runners.results.RunStart;

/**
 * One run's folder: a new timestamped folder under the experiment's output (never an existing one), the
 * cells appended to {@code cells.jsonl} as each finishes, and at the end the files derived from the results
 * (the reports, which this stage does not draw) and {@code results.json}, whose presence marks the run finished.
 */
public final class RunFolder {

    public static final String RUN_JSON = "run.json";
    public static final String CELLS = "cells.jsonl";
    public static final String RESULTS = "results.json";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path dir;
    private final RunStart start;

    private RunFolder(Path dir, RunStart start) {
        this.dir = dir;
        this.start = start;
    }

    /** Creates {@code output/<timestamp>} (with a suffix if taken) and writes {@code run.json}. */
    public static RunFolder create(Path output, RunStart start) {
        try {
            Files.createDirectories(output);
        } catch (IOException e) {
            throw new UserFacingException("cannot create output folder " + output + ": " + reason(e));
        }
        if (!Files.isWritable(output)) {
            throw new UserFacingException("output folder " + output + " is not writable");
        }
        String stamp = LocalDateTime.now().format(STAMP);
        for (int attempt = 1; ; attempt++) {
            Path dir = output.resolve(attempt == 1 ? stamp : stamp + "-" + attempt);
            try {
                Files.createDirectory(dir); // atomic: fails if a concurrent run took the name
            } catch (FileAlreadyExistsException e) {
                continue;
            } catch (IOException e) {
                throw new UserFacingException("cannot create run folder " + dir + ": " + reason(e));
            }
            RunFolder folder = new RunFolder(dir, start);
            folder.writeAtomically(RUN_JSON, ResultsJson.pretty(start));
            return folder;
        }
    }

    /**
     * Opens an interrupted run to continue it.
     *
     * @param resolve resolves the stored config again, so that a field added to the schema since the run
     *                started (stored as absent) compares as its default rather than as a difference
     * @throws UserFacingException when the folder is not a run, is finished, or was made by another config
     */
    public static RunFolder resume(Path dir, ExperimentConfig config, java.util.function.UnaryOperator<ExperimentConfig> resolve) {
        Path runJson = dir.resolve(RUN_JSON);
        if (!Files.isRegularFile(runJson)) {
            throw new UserFacingException("cannot resume " + dir + ": not a run folder (no " + RUN_JSON + ")");
        }
        if (Files.exists(dir.resolve(RESULTS))) {
            throw new UserFacingException("cannot resume " + dir + ": the run is already finished (" + RESULTS + " exists)");
        }
        RunStart start;
        try {
            start = ResultsJson.MAPPER.readValue(runJson.toFile(), RunStart.class);
        } catch (IOException e) {
            throw new UserFacingException("cannot resume " + dir + ": unreadable " + RUN_JSON + " (" + reason(e) + ")");
        }
        ExperimentConfig stored;
        try {
            stored = resolve.apply(start.config());
        } catch (RuntimeException e) {
            throw new UserFacingException("cannot resume " + dir + ": its config no longer validates (" + e.getMessage() + ")");
        }
        JsonNode theirs = ResultsJson.MAPPER.valueToTree(stored);
        JsonNode ours = ResultsJson.MAPPER.valueToTree(config);
        if (!theirs.equals(ours)) {
            throw new UserFacingException("cannot resume " + dir + ": it was made by another config ("
                    + firstDifference(theirs, ours, "") + ")");
        }
        return new RunFolder(dir, start);
    }

    /** Where two configs first differ, e.g. {@code contextSizes: [32, 64] vs [32, 128]}. */
    static String firstDifference(JsonNode a, JsonNode b, String path) {
        if (a.isObject() && b.isObject()) {
            var names = new java.util.TreeSet<String>();
            a.fieldNames().forEachRemaining(names::add);
            b.fieldNames().forEachRemaining(names::add);
            for (String name : names) {
                JsonNode x = a.path(name);
                JsonNode y = b.path(name);
                if (!x.equals(y)) {
                    return firstDifference(x, y, path.isEmpty() ? name : path + "." + name);
                }
            }
        }
        return path + ": " + a + " in the run vs " + b + " now";
    }

    public Path dir() {
        return dir;
    }

    public RunStart start() {
        return start;
    }

    /** Cells already on disk; a torn last line (the process died mid-write) is dropped. */
    public List<Cell> finishedCells() {
        Path file = dir.resolve(CELLS);
        List<Cell> cells = new ArrayList<>();
        if (!Files.exists(file)) {
            return cells;
        }
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UserFacingException("cannot read " + file + ": " + reason(e));
        }
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.isBlank()) {
                continue;
            }
            try {
                cells.add(ResultsJson.MAPPER.readValue(line, Cell.class));
            } catch (IOException e) {
                if (i < lines.size() - 1) {
                    throw new UserFacingException("cannot resume " + dir + ": line " + (i + 1) + " of " + CELLS + " is not a cell");
                }
            }
        }
        return cells;
    }

    /** Appends one finished cell and forces it to disk: an interrupted sweep loses nothing finished. */
    public synchronized void append(Cell cell) {
        Path file = dir.resolve(CELLS);
        try {
            dropTornLastLine(file);
            Files.writeString(file, ResultsJson.line(cell) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot append to " + file, e);
        }
    }

    private static void dropTornLastLine(Path file) throws IOException {
        if (!Files.exists(file) || Files.size(file) == 0) {
            return;
        }
        byte[] bytes = Files.readAllBytes(file);
        if (bytes[bytes.length - 1] != '\n') {
            int end = bytes.length;
            while (end > 0 && bytes[end - 1] != '\n') {
                end--;
            }
            Files.write(file, java.util.Arrays.copyOf(bytes, end));
        }
    }

    /**
     * Finishes the run: writes the files derived from the results (name to content, in order; the reports)
     * and then {@code results.json}, last, because its presence marks the run as finished.
     */
    public void finish(RunResults results, Map<String, String> derivedFiles) {
        writeFiles(dir, derivedFiles);
        writeAtomically(dir, RESULTS, ResultsJson.pretty(results));
    }

    /** Writes each file (name to content, in order) into {@code dir}, each atomically, replacing what is there. */
    public static void writeFiles(Path dir, Map<String, String> files) {
        files.forEach((name, content) -> writeAtomically(dir, name, content));
    }

    private void writeAtomically(String name, String content) {
        writeAtomically(dir, name, content);
    }

    private static void writeAtomically(Path dir, String name, String content) {
        Path target = dir.resolve(name);
        Path tmp = dir.resolve(name + ".tmp");
        try {
            Files.writeString(tmp, content, StandardCharsets.UTF_8);
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + target, e);
        }
    }

    private static String reason(IOException e) {
        String simple = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? simple : simple + ": " + e.getMessage();
    }
}
