package org.attentionlab.runners.record;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
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
import org.attentionlab.core.plugin.PluginJar;
import org.attentionlab.runners.results.InputFile;
import org.attentionlab.runners.results.ResultsJson;
import org.attentionlab.runners.results.ResultsSchema;
import org.attentionlab.runners.results.RunResults;
import org.attentionlab.runners.results.RunStart;

/**
 * One run's folder: a new timestamped folder under the experiment's output (never an existing one), the
 * cells appended to {@code cells.jsonl} as each finishes, and at the end the files derived from the results
 * (the reports, which this stage does not draw) and {@code results.json}, whose presence marks the run finished.
 *
 * <p>A run or a resume holds the folder's {@link RunLock} from open to {@link #close}: a second process is
 * refused. A resume refuses inputs that changed behind their paths (their SHA-256 at the start is in
 * {@code run.json}), repairs {@code cells.jsonl} (see {@link CellsLog}) and warns when the code changed
 * since an earlier session ({@code sessions.jsonl}).
 */
public final class RunFolder implements AutoCloseable {

    public static final String RUN_JSON = "run.json";
    public static final String CELLS = "cells.jsonl";
    public static final String RESULTS = "results.json";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss");

    private final Path dir;
    private final RunStart start;
    private final RunLock lock;
    private final List<Cell> finished;
    private final List<String> notes;

    private RunFolder(Path dir, RunStart start, RunLock lock, List<Cell> finished, List<String> notes) {
        this.dir = dir;
        this.start = start;
        this.lock = lock;
        this.finished = List.copyOf(finished);
        this.notes = List.copyOf(notes);
    }

    /**
     * The checks {@link #create} makes of an output folder before it writes anything, for {@code validate} too:
     * the folder, or the nearest of its parents that exists, must be a writable folder (not a file, not a link
     * that leads nowhere or loops).
     *
     * @throws UserFacingException in one line naming the path at fault
     */
    public static void checkOutput(Path output) {
        Path existing = output.toAbsolutePath();
        while (existing != null && !Files.exists(existing, LinkOption.NOFOLLOW_LINKS)) {
            existing = existing.getParent();
        }
        if (existing == null) {
            throw new UserFacingException("cannot create output folder " + output + ": no part of the path exists");
        }
        String what = existing.equals(output.toAbsolutePath()) ? "it" : existing.toString();
        if (!Files.exists(existing)) { // there without following links, absent following them
            throw new UserFacingException("cannot create output folder " + output + ": " + what + " is a link that leads nowhere (broken, or a loop)");
        }
        if (!Files.isDirectory(existing)) {
            throw new UserFacingException("cannot create output folder " + output + ": " + what + " is a file, not a folder");
        }
        if (!Files.isWritable(existing)) {
            throw new UserFacingException(what.equals("it") ? "output folder " + output + " is not writable"
                    : "cannot create output folder " + output + ": " + existing + " is not writable");
        }
    }

    /** Creates {@code output/<timestamp>} (with a suffix if taken) and writes {@code run.json}. */
    public static RunFolder create(Path output, RunStart start) {
        checkOutput(output);
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
            RunLock lock;
            try {
                lock = RunLock.acquire(dir);
            } catch (RuntimeException e) {
                // a full disk takes the lock file's first bytes: leave no empty folder with a 0-byte run.lock behind
                deleteQuietly(dir.resolve(RunLock.FILE));
                deleteQuietly(dir);
                throw e;
            }
            RunFolder folder = new RunFolder(dir, start, lock, List.of(), List.of());
            try {
                folder.writeAtomically(RUN_JSON, ResultsJson.pretty(start));
                RunSessions.append(dir, session(start, 0));
            } catch (RuntimeException e) {
                folder.discardIfEmpty();
                throw e;
            }
            return folder;
        }
    }

    /**
     * Opens an interrupted run to continue it.
     *
     * @param resolve resolves the stored config again, so that a field added to the schema since the run
     *                started (stored as absent) compares as its default rather than as a difference
     * @param now     what this process would record at a start: its inputs' digests are compared with the
     *                run's, its code with the earlier sessions'; null leaves both checks out
     * @throws UserFacingException when the folder is not a run, is finished with no failed cell, is in use, was
     *                             made by another config, or an input file changed since the run started
     */
    public static RunFolder resume(Path dir, ExperimentConfig config, java.util.function.UnaryOperator<ExperimentConfig> resolve,
                                   RunStart now) {
        Path runJson = dir.resolve(RUN_JSON);
        if (!Files.isRegularFile(runJson)) {
            throw new UserFacingException("cannot resume " + dir + ": not a run folder (no " + RUN_JSON + ")");
        }
        refuseFinishedWithoutFailures(dir);
        RunStart start;
        try {
            start = ResultsJson.MAPPER.readValue(runJson.toFile(), RunStart.class);
        } catch (IOException e) {
            throw new UserFacingException("cannot resume " + dir + ": unreadable " + RUN_JSON + " (" + reason(e) + ")");
        }
        if (start == null || start.config() == null) {
            throw new UserFacingException("cannot resume " + dir + ": " + RUN_JSON + " holds no config (it was not written by attnlab run)");
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
        if (now != null) {
            checkInputs(dir, start.inputs(), now.inputs());
            checkPlugins(dir, start.plugins(), now.plugins());
        }
        RunLock lock = RunLock.acquire(dir);
        try {
            refuseFinishedWithoutFailures(dir); // finished by the process that held the lock
            CellsLog.Read read = CellsLog.repairAndRead(dir);
            List<String> notes = new ArrayList<>(read.notes());
            if (now != null) {
                RunSessions.Session session = session(now, read.attempts().size());
                String changed = RunSessions.codeChangeWarning(RunSessions.read(dir), session, read.attempts());
                if (changed != null) {
                    notes.add(changed);
                }
                RunSessions.append(dir, session);
            }
            return new RunFolder(dir, start, lock, read.cells(), notes);
        } catch (RuntimeException e) {
            lock.close();
            throw e;
        }
    }

    /**
     * A finished run is resumed only to run its failed cells again (the summary of a run that exited 3 says so);
     * its reports and results.json are then written anew. A finished run without a failed cell has nothing to
     * resume, and one whose results.json cannot be read is not touched.
     */
    private static void refuseFinishedWithoutFailures(Path dir) {
        Path results = dir.resolve(RESULTS);
        if (!Files.exists(results)) {
            return;
        }
        int failed;
        try {
            JsonNode cells = ResultsJson.MAPPER.readTree(results.toFile()).path("cells");
            failed = 0;
            for (JsonNode cell : cells) {
                failed += Cell.FAILED.equals(cell.path("status").asText()) ? 1 : 0;
            }
        } catch (IOException e) {
            throw new UserFacingException("cannot resume " + dir + ": the run is finished, and its " + RESULTS + " cannot be read ("
                    + reason(e) + ")");
        }
        if (failed == 0) {
            throw new UserFacingException("cannot resume " + dir + ": the run is already finished (" + RESULTS
                    + " exists) and no cell failed: nothing to run again");
        }
    }

    private static RunSessions.Session session(RunStart start, int cellsBefore) {
        String commit = start.environment() == null ? null : start.environment().gitCommit();
        var execution = start.config() == null ? null : start.config().executionOrDefault();
        String engine = execution == null ? null : execution.isSpark() ? execution.engine() + " " + execution.master() : execution.engine();
        return new RunSessions.Session(start.startedAt(), start.attnlabVersion(), commit, cellsBefore, engine);
    }

    /** Refuses a resume whose model, tokenizer or corpus is not the one the run started with. */
    private static void checkInputs(Path dir, List<InputFile> then, List<InputFile> now) {
        String change = InputFile.firstChange(then, now);
        if (change != null) {
            throw new UserFacingException("cannot resume " + dir + ": " + change + "; start a new run");
        }
    }

    /**
     * Refuses a resume whose plugin jars are not the ones the run started with: a jar whose bytes changed behind
     * its path, or one no longer on the plugin path (the cells run so far came from its code).
     */
    private static void checkPlugins(Path dir, List<PluginJar> then, List<PluginJar> now) {
        if (then == null) {
            return;
        }
        for (PluginJar before : then) {
            PluginJar current = now == null ? null : now.stream().filter(j -> j.path().equals(before.path())).findFirst().orElse(null);
            if (current == null) {
                throw new UserFacingException("cannot resume " + dir + ": the plugin jar " + before.path() + " the run started with is not"
                        + " on the plugin path now (give it with --plugin-path or " + "ATTNLAB_PLUGIN_PATH" + ")");
            }
            if (!current.sha256().equals(before.sha256())) {
                throw new UserFacingException("cannot resume " + dir + ": the plugin jar " + current.path()
                        + " changed since the run started (SHA-256 " + InputFile.abbreviated(before.sha256()) + " then, "
                        + InputFile.abbreviated(current.sha256()) + " now); start a new run");
            }
        }
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

    /**
     * The cells an earlier session recorded, one per key (see {@link CellsLog}): a failed one is there to be
     * run again. Empty for a new run.
     */
    public List<Cell> finishedCells() {
        return finished;
    }

    /** What opening the folder found and repaired (a removed line, a duplicated cell, changed code): warnings for the user. */
    public List<String> notes() {
        return notes;
    }

    /**
     * Removes a new run's folder that holds no cell yet, after a failure before the first cell: the user is
     * left with nothing to resume and nothing to clean up. A folder with cells, or a resumed one, is kept.
     */
    public void discardIfEmpty() {
        close();
        if (!finished.isEmpty() || notes.size() > 0 || Files.exists(dir.resolve(CELLS))) {
            return;
        }
        try (var files = Files.list(dir)) {
            for (Path f : files.toList()) {
                Files.deleteIfExists(f);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            // best effort: the folder stays, holding no cell
        }
    }

    private static void deleteQuietly(Path path) {
        try {
            Files.deleteIfExists(path);
        } catch (IOException e) {
            // best effort: the error that brought us here matters more
        }
    }

    /** Releases the folder's lock; the folder stays as it is. */
    @Override
    public void close() {
        if (lock != null) {
            lock.close();
        }
    }

    /** Appends one finished cell and forces it to disk: an interrupted sweep loses nothing finished. */
    public synchronized void append(Cell cell) {
        Path file = dir.resolve(CELLS);
        try {
            Files.writeString(file, ResultsJson.line(cell) + "\n", StandardCharsets.UTF_8,
                    StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.WRITE, StandardOpenOption.SYNC);
        } catch (IOException e) {
            throw new UserFacingException("cannot write " + file + ": " + reason(e), e);
        }
    }

    /**
     * Finishes the run: writes the files derived from the results (name to content, in order; the reports)
     * and then {@code results.json}, last, because its presence marks the run as finished.
     */
    public void finish(RunResults results, Map<String, String> derivedFiles) {
        String json = ResultsJson.pretty(results);
        String violation;
        try {
            violation = ResultsSchema.firstViolation(ResultsJson.MAPPER.readTree(json));
        } catch (IOException e) {
            throw new IllegalStateException("results.json as written is not JSON", e);
        }
        if (violation != null) {
            // compare, report and history would refuse the file: a bug, caught before anything is written
            throw new IllegalStateException(RESULTS + " would break its own schema: " + violation);
        }
        writeFiles(dir, derivedFiles);
        writeAtomically(dir, RESULTS, json);
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
            // a full disk, a read-only folder: say where and why, and leave no half-written temp file behind
            try {
                Files.deleteIfExists(tmp);
            } catch (IOException ignored) {
                // the reason below matters more
            }
            throw new UserFacingException("cannot write " + target + ": " + reason(e), e);
        }
    }

    /** The OS's reason, e.g. {@code FileSystem: /x: No space left on device}, {@code AccessDenied: /x}. */
    static String reason(IOException e) {
        String simple = e.getClass().getSimpleName().replace("Exception", "");
        return e.getMessage() == null ? simple : simple + ": " + e.getMessage();
    }
}
