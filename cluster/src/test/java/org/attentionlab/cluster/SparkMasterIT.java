package org.attentionlab.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A {@code spark://} address where something answers that is not a Spark master (here a server that accepts
 * connections and reads whatever comes, as many services do): one line and exit 2 once the documented 30 s
 * have passed, no run folder left. Spark alone retried for about a minute and the run ended with exit 70.
 * An integration test: it waits the 30 s.
 */
class SparkMasterIT {

    @TempDir
    Path tmp;

    @Test
    @Timeout(180)
    void anAddressThatAnswersButIsNotASparkMasterIsOneLineWithinThirtySeconds() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
            Thread listener = new Thread(() -> {
                while (!server.isClosed()) {
                    try {
                        Socket s = server.accept();
                        Thread reader = new Thread(() -> drain(s));
                        reader.setDaemon(true);
                        reader.start();
                    } catch (IOException e) {
                        return;
                    }
                }
            });
            listener.setDaemon(true);
            listener.start();
            String url = "spark://127.0.0.1:" + server.getLocalPort();
            // the jar a cluster's executors would fetch; not reached here, but attnlab run checks it is there first
            Path jar = tmp.resolve("attnlab-cluster.jar");
            try (ZipOutputStream empty = new ZipOutputStream(Files.newOutputStream(jar))) {
                empty.setComment("stands in for attnlab-cluster.jar");
            }
            Path config = Runs.config(tmp, "notmaster", EngineInputTest.SWEEP.replace("THREADS", "1"));
            // attnlab run in a JVM of its own, as a user runs it: Spark's context is one per JVM, and the one left
            // connecting after the error would stop the next test's
            List<String> command = Runs.ownJvm(List.of("-Xmx1500m", "-Dspark.jars=" + jar),
                    "run", "--no-progress", config.toString(), "--master", url);
            ProcessBuilder builder = new ProcessBuilder(command).redirectOutput(ProcessBuilder.Redirect.DISCARD);
            builder.environment().put("SPARK_LOCAL_IP", "127.0.0.1");
            long start = System.nanoTime();
            Process p = builder.start();
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8)
                    .replace("WARNING: Using incubator modules: jdk.incubator.vector\n", "");
            assertTrue(p.waitFor(120, TimeUnit.SECONDS), "still running");
            double seconds = (System.nanoTime() - start) / 1e9;
            assertEquals(2, p.exitValue(), err);
            assertEquals("error: the Spark master " + url + " accepted a connection but did not register the application within 30 s:"
                    + " is a Spark master (of a compatible version) listening there?\n", err);
            assertTrue(seconds < 90, "took " + seconds + " s"); // the JVM start and the model load come before the 30 s
            assertFalse(Files.exists(tmp.resolve("out-notmaster")) && Files.list(tmp.resolve("out-notmaster")).findAny().isPresent(),
                    "a run folder was left behind");
        }
    }

    private static void drain(Socket s) {
        try (s; InputStream in = s.getInputStream()) {
            in.transferTo(java.io.OutputStream.nullOutputStream());
        } catch (IOException e) {
            // the client went away
        }
    }
}
