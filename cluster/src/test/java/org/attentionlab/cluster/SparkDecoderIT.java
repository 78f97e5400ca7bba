package org.attentionlab.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import org.attentionlab.core.decoder.synthetic.Gpt2Export;
import org.attentionlab.runners.results.Accuracy;
import org.attentionlab.runners.results.Cell;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A causal language model's sweep on embedded Spark ({@code local[2]}, one document per task) against the same
 * sweep on the local engine: the same next-token and decode accuracy, a cost on every cell.
 */
class SparkDecoderIT {

    @TempDir
    Path tmp;

    @Test
    void aDecoderSweepOnSparkEqualsTheLocalEngine() throws IOException {
        Files.write(tmp.resolve("gpt2.onnx"), Gpt2Export.write(Gpt2Export.Options.tiny().withPast(true)).onnx());
        SplittableRandom random = new SplittableRandom(9);
        StringBuilder ids = new StringBuilder();
        for (int d = 0; d < 3; d++) {
            for (int i = 0; i < 40; i++) {
                ids.append(i == 0 ? "" : " ").append(random.nextInt(96));
            }
            ids.append('\n');
        }
        Files.writeString(tmp.resolve("ids.txt"), ids);
        String sweep = """
                reference: { onnx: %s }
                corpus: { tokens: %s, documents: 3 }
                contextSizes: [16, 32]
                decode: { tokens: 4 }
                variants:
                  - { name: full }
                  - { name: sliding-window, label: window-4, params: { width: 4 } }
                measure: { warmup: 0, repetitions: 2, threads: 1 }
                output: OUT
                """.formatted(tmp.resolve("gpt2.onnx"), tmp.resolve("ids.txt"));
        Runs onSpark = Runs.attnlab("run", "--no-progress", Runs.config(tmp, "spark", sweep
                + "execution: { engine: spark, master: 'local[2]', documentsPerTask: 1 }\n").toString());
        assertEquals(0, onSpark.code(), onSpark.toString());
        Runs onLocal = Runs.attnlab("run", "--no-progress", Runs.config(tmp, "local", sweep).toString());
        assertEquals(0, onLocal.code(), onLocal.toString());
        RunResults spark = ResultsReader.read(Runs.onlyRunFolder(tmp.resolve("out-spark")));
        RunResults local = ResultsReader.read(Runs.onlyRunFolder(tmp.resolve("out-local")));
        assertTrue(spark.gate().passed());
        assertEquals("GPT2", spark.model().architecture());
        assertEquals(local.cells().size(), spark.cells().size());
        for (int i = 0; i < local.cells().size(); i++) {
            Cell l = local.cells().get(i);
            Cell s = spark.cells().get(i);
            assertEquals(l.key(), s.key());
            assertTrue(s.ok(), s.key() + ": " + s.error());
            for (String metric : Accuracy.DECODER_METRICS) {
                assertEquals(l.accuracy().value(metric), s.accuracy().value(metric), 1e-6, s.key() + " " + metric);
            }
            assertEquals(l.accuracy().nllByPosition(), s.accuracy().nllByPosition(), s.key());
            assertEquals(3, s.accuracy().perDocument().get("klMean").size());
            assertNotNull(s.cost().decodeMsPerTokenMedian(), s.key());
            assertEquals(l.cost().kvCacheBytes(), s.cost().kvCacheBytes(), s.key());
        }
    }
}
