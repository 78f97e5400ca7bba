package org.attentionlab.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

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

    /** local[N] runs on this machine: N task slots, but a timed task gets no more cores than the machine has. */
    @Test
    void moreThreadsThanTheMachineHasCoresIsRefusedForLocalNToo() throws IOException {
        int cores = Runtime.getRuntime().availableProcessors();
        String master = "local[" + (cores + 2) + "]";
        assertOneLine(run(Integer.toString(cores + 1), "--master", master), "--master: measure.threads is " + (cores + 1)
                + " but an executor of master " + master + " has " + cores + (cores == 1 ? " core" : " cores")
                + " (this machine's); a timed task needs measure.threads cores (lower measure.threads or use more cores)");
    }

    /**
     * yarn and k8s need Spark's cluster managers for them, which spark-submit provides and ./attnlab does not:
     * refused in one line before any run folder exists (Spark used to fail with "Could not parse Master URL",
     * exit 70, a run folder left behind).
     */
    @ParameterizedTest
    @ValueSource(strings = {"yarn", "k8s://https://127.0.0.1:6443"})
    void yarnAndKubernetesWithoutSparkSubmitAreOneLineBeforeAnything(String master) throws IOException {
        Runs r = run("1", "--master", master);
        assertOneLine(r, "master " + master + " needs Spark's " + (master.equals("yarn") ? "YARN" : "Kubernetes")
                + " support, which ./attnlab does not carry: submit cluster/target/attnlab-cluster.jar with spark-submit --master "
                + master + " (build the jar with mvn -B -DskipTests -Pcluster-jar package; see the README's Spark section)");
        assertFalse(java.nio.file.Files.exists(tmp.resolve("out-bad")), "no run folder");
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
