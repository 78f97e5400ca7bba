package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code attnlab} launcher script itself: the JVM's "Using incubator modules" notice is dropped from
 * stderr, so a one-line error is one line, while java's exit code, every other byte of stderr and the
 * progress bar's live redraws (no newline) pass through. The script is copied into a temporary project
 * layout whose runners jar is already built, so it starts java at once instead of running Maven.
 */
class LauncherTest {

    private static final String NOTICE = "WARNING: Using incubator modules: jdk.incubator.vector";

    @TempDir
    Path project;

    private Path launcher;

    @BeforeEach
    void layOutABuiltProject() throws IOException {
        assumeTrue(Files.isExecutable(Path.of("/bin/bash")) || Files.isExecutable(Path.of("/usr/bin/bash")), "needs bash");
        launcher = project.resolve("attnlab");
        Files.copy(Path.of("../attnlab"), launcher, StandardCopyOption.COPY_ATTRIBUTES);
        Path target = Files.createDirectories(project.resolve("runners/target"));
        // an empty jar (the classes come from this test's own classpath) and the classpath Maven would write
        try (ZipOutputStream empty = new ZipOutputStream(Files.newOutputStream(target.resolve("attnlab-runners.jar")))) {
            empty.setComment("stands in for the built CLI");
        }
        Files.writeString(target.resolve("classpath.txt"), System.getProperty("java.class.path"));
    }

    @Test
    void aBadConfigGivesExactlyOneLineOnStderrAndExitTwo() throws Exception {
        Result r = run(List.of("validate", ValidateCommandTest.BROKEN + "bad-yaml.yaml"), null);
        assertEquals(2, r.code, r.toString());
        assertEquals("error: " + ValidateCommandTest.BROKEN + "bad-yaml.yaml:2:15: invalid YAML: mapping values are not allowed here\n",
                r.err, r.toString());
        assertEquals("", r.out);
    }

    @Test
    void aGoodConfigLeavesStderrEmpty() throws Exception {
        Result r = run(List.of("validate", "../configs/quickstart.yaml"), null);
        assertEquals(0, r.code, r.toString());
        assertEquals("", r.err);
        assertTrue(r.out.startsWith("ok: quickstart: "), r.out);
    }

    /**
     * A stand-in java prints the notice, then a progress redraw without a newline, and waits: the redraw must
     * reach the reader while java still runs. Then the exit code (7), a later line equal to the notice, and a
     * last line without a newline must all come through as they were.
     */
    @Test
    @Timeout(60)
    void everythingElseOnStderrPassesThroughLiveWithJavasExitCode() throws Exception {
        Path bin = Files.createDirectories(project.resolve("fake-bin"));
        Path go = project.resolve("go");
        Path java = bin.resolve("java");
        Files.writeString(java, "#!/bin/sh\n"
                + "echo 'JVM option warning' >&2\n"
                + "echo '" + NOTICE + "' >&2\n"
                + "printf 'progress 1/2\\r' >&2\n"
                + "i=0; while [ ! -e '" + go + "' ] && [ $i -lt 400 ]; do sleep 0.05; i=$((i+1)); done\n"
                + "printf 'progress 2/2\\r\\n" + NOTICE + "\\nlast' >&2\n"
                + "echo out\n"
                + "exit 7\n");
        assertTrue(java.toFile().setExecutable(true));
        Process p = start(List.of("run", "whatever.yaml"), bin);
        InputStream err = p.getErrorStream();
        ByteArrayOutputStream seen = new ByteArrayOutputStream();
        while (!seen.toString(StandardCharsets.UTF_8).endsWith("progress 1/2\r")) {
            int b = err.read();
            assertTrue(b >= 0, "stderr ended before the redraw: " + seen);
            seen.write(b);
        }
        assertTrue(p.isAlive(), "the redraw arrived only when java had exited");
        assertEquals("JVM option warning\nprogress 1/2\r", seen.toString(StandardCharsets.UTF_8));
        Files.createFile(go);
        seen.write(err.readAllBytes());
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        assertEquals(7, p.exitValue());
        assertEquals("JVM option warning\nprogress 1/2\rprogress 2/2\r\n" + NOTICE + "\nlast", seen.toString(StandardCharsets.UTF_8));
        assertEquals("out\n", new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
    }

    private Process start(List<String> args, Path fakeJavaDir) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("bash", launcher.toString()));
        command.addAll(args);
        ProcessBuilder builder = new ProcessBuilder(command).directory(Path.of("").toAbsolutePath().toFile());
        builder.environment().remove("ATTNLAB_JAVA_OPTS");
        if (fakeJavaDir != null) {
            builder.environment().put("PATH", fakeJavaDir + ":" + builder.environment().get("PATH"));
        } else {
            // the java running this test, whatever PATH says
            Path javaHome = Path.of(System.getProperty("java.home"), "bin");
            builder.environment().put("PATH", javaHome + ":" + builder.environment().get("PATH"));
        }
        return builder.start();
    }

    private Result run(List<String> args, Path fakeJavaDir) throws Exception {
        Process p = start(args, fakeJavaDir);
        p.getOutputStream().close();
        // stdout is small (one line), so reading stderr to its end first cannot block the process
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the launcher did not finish");
        return new Result(p.exitValue(), out, err);
    }

    private record Result(int code, String out, String err) {
        @Override
        public String toString() {
            return "exit " + code + "\nstdout:\n" + out + "\nstderr:\n" + err;
        }
    }
}
