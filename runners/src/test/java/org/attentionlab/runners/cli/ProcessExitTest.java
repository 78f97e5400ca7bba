package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What a real process prints and returns when the JVM itself runs out: one line, exit 2. */
class ProcessExitTest {

    /** The notice every JVM with the Vector API prints; the launcher filters it, the user's error is the rest. */
    private static final String INCUBATOR = "WARNING: Using incubator modules: jdk.incubator.vector";

    @Test
    void outOfMemoryWhileLoadingTheModelIsOneLineAndExitTwo() throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-Xmx48m",
                "-cp", System.getProperty("java.class.path"), AttnLab.class.getName(), "validate", "../configs/quickstart.yaml")
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "still running");
        List<String> lines = err.lines().filter(l -> !l.equals(INCUBATOR)).toList();
        assertEquals(2, p.exitValue(), err);
        assertEquals(1, lines.size(), err);
        assertTrue(lines.get(0).startsWith("error: out of memory with a Java heap of "), err);
    }

    @Test
    void aRunInterruptedDuringTheGateSaysHowToResume(@TempDir Path tmp) throws Exception {
        Path config = tmp.resolve("gate.yaml");
        Files.writeString(config, "name: gate\ncorpus: { documents: 1 }\ncontextSizes: [16, 512]\nvariants: [ { name: full } ]\n"
                + "measure: { warmup: 0, repetitions: 1 }\noutput: " + tmp.resolve("out") + "\n");
        String java = ProcessHandle.current().info().command().orElse("java");
        Process p = new ProcessBuilder(java, "--add-modules", "jdk.incubator.vector", "-cp", System.getProperty("java.class.path"),
                AttnLab.class.getName(), "run", config.toString())
                .redirectOutput(ProcessBuilder.Redirect.DISCARD)
                .start();
        BufferedReader err = new BufferedReader(new InputStreamReader(p.getErrorStream(), StandardCharsets.UTF_8));
        StringBuilder seen = new StringBuilder();
        String line;
        while ((line = err.readLine()) != null) {
            seen.append(line).append('\n');
            if (line.startsWith("correctness gate")) {
                // Ctrl-C: SIGINT to the process (Process.destroy would also close the stream still being read)
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid())).start().waitFor();
                break;
            }
        }
        while ((line = err.readLine()) != null) {
            seen.append(line).append('\n');
        }
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "still running");
        Path folder;
        try (var runs = Files.list(tmp.resolve("out"))) {
            folder = runs.findFirst().orElseThrow();
        }
        assertTrue(seen.toString().contains("interrupted: finished cells are in " + folder.resolve("cells.jsonl")
                + "; continue with: ./attnlab run " + config + " --resume " + folder + "\n"), seen.toString());
    }
}
