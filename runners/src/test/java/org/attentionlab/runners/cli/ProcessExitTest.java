package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

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
}
