package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.attentionlab.runners.execute.ExecutionEngine;
import org.attentionlab.runners.testplugin.StandInSparkEngine;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 23's hostile inputs that must end in one line and exit 2 (or say what they did): files that are not
 * regular files, a mask nested 100,000 deep, outputs that {@code run} refuses (validate refuses them too), a
 * write failing as a run starts, an extended export that validate prepares, and the engine decided from the
 * resolved config (a quoted {@code "spark"} in a file not ending in .yaml).
 */
class HostileInputTest {

    private static final String MODEL = """
            name: hostile
            reference: { model: all-minilm-l6-v2 }
            corpus: { source: europarl-en, documents: 1 }
            contextSizes: [8]
            variants: [ { name: full } ]
            measure: { warmup: 0, repetitions: 1, threads: 1 }
            output: OUT
            """;

    @TempDir
    Path tmp;

    private Path config(String name, String body) throws IOException {
        return Files.writeString(tmp.resolve(name), body.replace("OUT", tmp.resolve("out").toString()));
    }

    private Path special(String kind, String name) throws Exception {
        Path path = tmp.resolve(name);
        if (kind.equals("directory")) {
            return Files.createDirectory(path);
        }
        Process p = new ProcessBuilder("mkfifo", path.toString()).start();
        assertTrue(p.waitFor(10, TimeUnit.SECONDS) && p.exitValue() == 0, "mkfifo " + path);
        return path;
    }

    private static String what(String kind) {
        return kind.equals("directory") ? " is a directory, not a file: " : " is not a regular file (it is a named pipe): ";
    }

    private static void assertOneLine(Cli cli, String expected) {
        assertEquals(2, cli.code, cli.toString());
        assertEquals(expected + "\n", cli.err, cli.toString());
        assertEquals("", cli.out);
    }

    /** Reading a named pipe blocks until something writes to it: the check comes first, so nothing hangs. */
    @ParameterizedTest(name = "{0} as {1}")
    @CsvSource({"fifo, config", "directory, config", "fifo, corpus", "directory, corpus", "fifo, onnx", "directory, onnx",
        "fifo, tokenizer", "directory, tokenizer"})
    @Timeout(value = 60, threadMode = Timeout.ThreadMode.SEPARATE_THREAD)
    void aFileThatIsNotARegularFileIsRefusedInOneLineWithoutHanging(String kind, String role) throws Exception {
        Path odd = special(kind, "odd");
        Path regular = Files.writeString(tmp.resolve("regular.txt"), "some text\n");
        Path file = switch (role) {
            case "config" -> odd;
            case "corpus" -> config("c.yaml", MODEL.replace("{ source: europarl-en, documents: 1 }", "{ file: " + odd + ", documents: 1 }"));
            case "onnx" -> config("c.yaml", MODEL.replace("{ model: all-minilm-l6-v2 }", "{ onnx: " + odd + ", tokenizer: " + regular + " }"));
            default -> config("c.yaml", MODEL.replace("{ model: all-minilm-l6-v2 }", "{ onnx: " + regular + ", tokenizer: " + odd + " }"));
        };
        String name = switch (role) {
            case "config" -> "config file";
            case "corpus" -> "corpus file";
            case "onnx" -> "onnx model";
            default -> "tokenizer";
        };
        Cli cli = Cli.run("validate", file.toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals(1, cli.err.lines().count(), cli.err);
        assertTrue(cli.err.startsWith("error: ") && cli.err.endsWith(name + what(kind) + odd + "\n"), cli.err);
    }

    /** A tree 100,000 deep used to end in StackOverflowError and a 1,025-line trace with exit 1. */
    @Test
    void aMaskNested100000DeepIsOneLineAndExitTwo() throws IOException {
        String mask = "(".repeat(100_000) + "all" + ")".repeat(100_000);
        Path file = config("deep.yaml", MODEL.replace("[ { name: full } ]", "[ { name: masked, params: { mask: \"" + mask + "\" } } ]"));
        Cli cli = Cli.run("validate", file.toString());
        assertEquals(2, cli.code, cli.toString());
        assertEquals(1, cli.err.lines().count(), cli.err.substring(0, Math.min(2000, cli.err.length())));
        assertTrue(cli.err.startsWith("error: " + file + ":5:"), cli.err);
        assertTrue(cli.err.contains("variants[0]: mask at column 65: nested deeper than 64 levels of '(' and '!': ..."), cli.err);
        assertTrue(cli.err.length() < 400, cli.err);
    }

    /**
     * validate makes run's checks of the output folder, without creating anything: the same one line for an
     * output that is a file, a link that loops, and /proc/self (a folder nobody can create a folder in).
     */
    @ParameterizedTest
    @ValueSource(strings = {"file", "file-parent", "loop", "proc"})
    void validateRefusesTheOutputsRunRefusesWithTheSameLine(String kind) throws Exception {
        Path output = switch (kind) {
            case "file" -> Files.writeString(tmp.resolve("taken"), "x");
            case "file-parent" -> Files.writeString(tmp.resolve("taken"), "x").resolve("runs");
            case "loop" -> Files.createSymbolicLink(tmp.resolve("loop"), tmp.resolve("loop"));
            default -> Path.of("/proc/self");
        };
        String expected = switch (kind) {
            case "file" -> "cannot create output folder " + output + ": it is a file, not a folder";
            case "file-parent" -> "cannot create output folder " + output + ": " + output.getParent() + " is a file, not a folder";
            case "loop" -> "cannot create output folder " + output + ": it is a link that leads nowhere (broken, or a loop)";
            default -> "output folder /proc/self is not writable";
        };
        Path file = Files.writeString(tmp.resolve("o.yaml"), MODEL.replace("OUT", output.toString()));
        List<String> before = listing();
        Cli validate = Cli.run("validate", file.toString());
        assertOneLine(validate, "error: " + expected);
        Cli run = Cli.sweep(file.toString());
        assertOneLine(run, "error: " + expected);
        assertEquals(before, listing(), "nothing created");
    }

    private List<String> listing() throws IOException {
        try (Stream<Path> all = Files.walk(tmp)) {
            return all.map(Path::toString).sorted().toList();
        }
    }

    /**
     * A run whose first write fails (here: a file-size limit of 0 blocks, as a full disk would) is refused in
     * one line and leaves no empty run folder with a 0-byte run.lock behind.
     */
    @Test
    @Timeout(120)
    void aRunWhoseFirstWriteFailsLeavesNoFolder() throws Exception {
        Path file = config("k.yaml", """
                name: k
                kind: kernel
                contextSizes: [16]
                variants: [ { name: full } ]
                measure: { warmup: 0, repetitions: 1, threads: 1 }
                kernel: { heads: 1, dHead: 8, seed: 1 }
                output: OUT
                """);
        // ONNX Runtime (asked its version for run.json) would extract its native libraries to a temp folder first;
        // extracted here beforehand, so that the run folder's files are the first the run writes
        Path nativeLibs = Files.createDirectories(tmp.resolve("ort"));
        for (String lib : List.of("libonnxruntime.so", "libonnxruntime4j_jni.so")) {
            try (var in = ai.onnxruntime.OrtEnvironment.class.getResourceAsStream("/ai/onnxruntime/native/linux-x64/" + lib)) {
                org.junit.jupiter.api.Assumptions.assumeTrue(in != null, "ONNX Runtime for linux-x64");
                Files.copy(in, nativeLibs.resolve(lib));
            }
        }
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder("bash", "-c", "ulimit -f 0 && exec \"$0\" \"$@\"", java, "--add-modules", "jdk.incubator.vector",
                "-XX:-UsePerfData", "-Donnxruntime.native.path=" + nativeLibs, "-cp", System.getProperty("java.class.path"), AttnLab.class.getName(),
                "run", "--no-progress", file.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(100, TimeUnit.SECONDS), "still running");
        List<String> lines = err.lines().filter(l -> !l.startsWith("WARNING: Using incubator modules")).toList();
        assertEquals(2, p.exitValue(), err);
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).startsWith("error: cannot lock run folder " + tmp.resolve("out")), err);
        assertTrue(lines.get(0).contains("File too large"), err);
        try (Stream<Path> left = Files.list(tmp.resolve("out"))) {
            assertEquals(List.of(), left.toList(), "an empty output folder");
        }
    }

    /** validate of an extended model says what it wrote into the positions cache, and that a second time it wrote nothing. */
    @Test
    void validateSaysWhatItPreparedInThePositionsCache() throws IOException {
        Path cache = tmp.resolve("cache");
        Path file = config("ext.yaml", MODEL.replace("{ model: all-minilm-l6-v2 }",
                "{ model: all-minilm-l6-v2, positions: { extendTo: 640, method: copy, cache: " + cache + " } }"));
        Cli first = Cli.run("validate", file.toString());
        assertEquals(0, first.code, first.toString());
        Path written;
        try (Stream<Path> files = Files.list(cache)) {
            written = files.filter(f -> f.toString().endsWith("-copy-640.onnx")).findFirst().orElseThrow();
        }
        List<String> lines = first.out.lines().toList();
        assertEquals(2, lines.size(), first.out);
        assertTrue(lines.get(0).startsWith("ok: hostile: "), first.out);
        String size = org.attentionlab.runners.memory.MemoryBudget.bytes(Files.size(written));
        assertEquals("prepared: the export extended to 640 positions (copy), written to " + written + " (" + size
                + "); run reuses it (delete it to free the space)", lines.get(1));
        Cli second = Cli.run("validate", file.toString());
        assertEquals("prepared: nothing new; the export extended to 640 positions (copy) was in the cache already: " + written
                + " (" + size + ")", second.out.lines().toList().get(1));
    }

    /**
     * The engine is decided from the resolved config, not by the launcher's grep: a quoted "spark" in a file that
     * does not end in .yaml finds the engine, which is put on the class path from the cluster module's jar under
     * attnlab.home (here a jar naming a stand-in engine that runs the tasks in this JVM).
     */
    @Test
    void aQuotedSparkEngineInAnyFileIsFoundFromTheClusterModule() throws IOException {
        Path home = tmp.resolve("home");
        Path target = Files.createDirectories(home.resolve("cluster/target"));
        try (ZipOutputStream jar = new ZipOutputStream(Files.newOutputStream(target.resolve("attnlab-cluster-thin.jar")))) {
            jar.putNextEntry(new ZipEntry("META-INF/services/" + ExecutionEngine.class.getName()));
            jar.write((StandInSparkEngine.class.getName() + "\n").getBytes(StandardCharsets.UTF_8));
            jar.closeEntry();
        }
        Files.writeString(target.resolve("classpath.txt"), "");
        Path file = config("spark.conf", MODEL + "execution: { engine: \"spark\", master: \"local[1]\" }\n");
        String homeBefore = System.getProperty("attnlab.home");
        ClassLoader loaderBefore = Thread.currentThread().getContextClassLoader();
        Cli cli;
        try {
            System.setProperty("attnlab.home", home.toString());
            cli = Cli.sweep(file.toString());
        } finally {
            Thread.currentThread().setContextClassLoader(loaderBefore);
            if (homeBefore == null) {
                System.clearProperty("attnlab.home");
            } else {
                System.setProperty("attnlab.home", homeBefore);
            }
        }
        assertEquals(0, cli.code, cli.toString());
        assertTrue(cli.out.contains("engine: spark, master local[1], 8 documents per task"), cli.out);
        assertFalse(cli.err.contains("error"), cli.err);
    }
}
