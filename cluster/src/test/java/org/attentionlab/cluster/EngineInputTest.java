package org.attentionlab.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Bad engine settings: one line on stderr and exit 2, before any work. */
class EngineInputTest {

    static final String SWEEP = """
            reference: { model: all-minilm-l6-v2 }
            corpus: { source: europarl-en, documents: 2 }
            contextSizes: [8, 16]
            variants:
              - { name: full }
            measure: { warmup: 0, repetitions: 1, threads: THREADS }
            output: OUT
            """;

    @TempDir
    Path tmp;

    private Runs run(String threads, String... options) throws IOException {
        Path config = Runs.config(tmp, "bad", SWEEP.replace("THREADS", threads));
        String[] args = new String[options.length + 3];
        args[0] = "run";
        args[1] = "--no-progress";
        args[2] = config.toString();
        System.arraycopy(options, 0, args, 3, options.length);
        return Runs.attnlab(args);
    }

    private static void assertOneLine(Runs r, String expected) {
        assertEquals(2, r.code(), r.toString());
        assertEquals("error: " + expected + "\n", r.err(), r.toString());
    }

    @Test
    void unknownEngine() throws IOException {
        assertOneLine(run("1", "--engine", "ray"), "--engine ray: unknown engine 'ray'; known: local, spark");
    }

    @Test
    void malformedMasterUrl() throws IOException {
        assertOneLine(run("1", "--engine", "spark", "--master", "spark:/host:7077"),
                "--engine spark: malformed master URL 'spark:/host:7077'; expected local, local[N], local[*], spark://HOST:PORT, yarn or k8s://HOST:PORT");
    }

    @Test
    void moreThreadsThanAnExecutorHasCores() throws IOException {
        assertOneLine(run("4", "--master", "local[2]"), "--master: measure.threads is 4 but an executor of master local[2] has 2 cores;"
                + " a timed task needs measure.threads cores (lower measure.threads or use more cores)");
    }

    @Test
    void executionInTheFileIsCheckedToo() throws IOException {
        Path config = Runs.config(tmp, "file", SWEEP.replace("THREADS", "1") + "execution: { engine: spark, master: 'local[0]' }\n");
        Runs r = Runs.attnlab("run", "--no-progress", config.toString());
        assertEquals(2, r.code(), r.toString());
        assertEquals("error: " + config + ":9:1: execution: malformed master URL 'local[0]'; expected local, local[N], local[*], spark://HOST:PORT, yarn or k8s://HOST:PORT\n",
                r.err());
    }

    @Test
    void aMasterThatDoesNotAnswerIsNamed() throws IOException {
        int port;
        try (ServerSocket free = new ServerSocket(0, 1, java.net.InetAddress.getLoopbackAddress())) {
            port = free.getLocalPort();
        }
        String url = "spark://127.0.0.1:" + port;
        Runs r = run("1", "--master", url);
        assertEquals(2, r.code(), r.toString());
        assertEquals(true, r.err().startsWith("error: the Spark master " + url + " did not answer within 30 s ("), r.err());
        assertEquals(1, r.err().lines().count(), r.err());
    }
}
