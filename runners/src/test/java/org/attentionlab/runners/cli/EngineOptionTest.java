package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The engine options of {@code run} as runners alone sees them (the cluster module is not on this classpath). */
class EngineOptionTest {

    @TempDir
    Path tmp;

    private Path config() throws IOException {
        Path file = tmp.resolve("e.yaml");
        Files.writeString(file, """
                name: e
                contextSizes: [8, 16]
                variants: [ { name: full } ]
                output: OUT
                """.replace("OUT", tmp.resolve("out").toString()));
        return file;
    }

    @Test
    void sparkWithoutTheClusterModuleIsOneLineBeforeAnyWork() throws IOException {
        Cli cli = Cli.sweep(config().toString(), "--engine", "spark");
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: engine 'spark' is not on the classpath: run through ./attnlab, or submit cluster/target/attnlab-cluster.jar"
                + " with spark-submit (build it with mvn -B -DskipTests -Pcluster-jar package)\n", cli.err);
        assertFalse(Files.exists(tmp.resolve("out")), "no run folder for a run that cannot start");
    }

    @Test
    void theLocalEngineTakesNoMaster() throws IOException {
        Cli cli = Cli.sweep(config().toString(), "--engine", "local", "--master", "local[2]");
        assertEquals(2, cli.code, cli.toString());
        assertEquals("error: --engine local: 'master' applies to engine spark only, got engine local\n", cli.err);
    }

    @Test
    void anExplicitLocalEngineRunsAsBefore() throws IOException {
        Cli cli = Cli.sweep(config().toString(), "--engine", "local");
        assertEquals(0, cli.code, cli.toString());
    }
}
