package org.attentionlab.runners.config;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** What the loader refuses rather than misreads: the experiment that runs is the one written. */
class ConfigLoaderTest {

    private static String error(String yaml) {
        return assertThrows(ConfigException.class, () -> ConfigLoader.parse(yaml, "x.yaml")).getMessage();
    }

    @ParameterizedTest(name = "{0}")
    @CsvSource(delimiter = '|', textBlock = """
            contextSizes: [16.99, 32.5]              | x.yaml:2:16: 'contextSizes[0]' must be an integer, got '16.99'
            corpus: { documents: 2.9 }               | x.yaml:2:11: 'corpus.documents' must be an integer, got '2.9'
            measure: { threads: 1.9 }                | x.yaml:2:12: 'measure.threads' must be an integer, got '1.9'
            measure: { warmup: 0.5 }                 | x.yaml:2:12: 'measure.warmup' must be an integer, got '0.5'
            variants: [ { name: full, layers: [0.7, 1.2] } ] | x.yaml:2:36: 'variants[0].layers[0]' must be an integer, got '0.7'
            """)
    void aDecimalWhereAnIntegerBelongsIsRefusedNotTruncated(String line, String message) {
        assertEquals(message, error("name: x\n" + line + "\n"));
    }

    @Test
    void aWholeNumberWrittenAsAnIntegerIsStillRead() {
        assertEquals(java.util.List.of(16, 32), ConfigLoader.parse("name: x\ncontextSizes: [16, 32]\n", "x.yaml").config().contextSizes());
    }

    @Test
    void aDuplicatedKeyNamesBothLines() {
        assertEquals("x.yaml:4:1: 'variants' is given twice (lines 2 and 4); keep one",
                error("name: x\nvariants: [ { name: full } ]\ncontextSizes: [16]\nvariants: [ { name: linear } ]\n"));
        assertEquals("x.yaml:4:3: 'measure.threads' is given twice (lines 3 and 4); keep one",
                error("name: x\nmeasure:\n  threads: 1\n  threads: 2\n"));
    }

    @Test
    void anchorsAliasesAndMergeKeysAreRefused() {
        assertEquals("x.yaml:2:69: YAML aliases (*s) are not supported; write the value out",
                error("name: x\nvariants: [ { name: full, label: &s \"AAA\" }, { name: linear, label: *s } ]\n"));
        assertEquals("x.yaml:2:10: YAML anchors (&m) and aliases are not supported; write the value out",
                error("name: x\nmeasure: &m { threads: 2 }\n"));
        assertEquals("x.yaml:2:12: YAML merge keys (<<) are not supported; write the values out",
                error("name: x\nmeasure: { <<: { threads: 2 } }\n"));
    }

    @Test
    void severalDocumentsAreNamedAsSuch() {
        assertEquals("x.yaml:5:1: the file holds several YAML documents (separated by ---); an experiment is one",
                error("---\nname: x\ncontextSizes: [16]\n---\nname: y\n"));
    }

    @Test
    void aFileOverOneMegabyteIsRefusedBeforeParsing(@TempDir Path tmp) throws Exception {
        Path big = tmp.resolve("big.yaml");
        Files.writeString(big, "name: x\noutput: \"" + "a".repeat(50 << 20) + "\"\n");
        ConfigException e = assertTimeoutPreemptively(Duration.ofSeconds(20),
                () -> assertThrows(ConfigException.class, () -> ConfigLoader.load(big)));
        assertEquals(big + ": the file is 52428819 bytes; an experiment file is at most 1048576 bytes (1 MB)", e.getMessage());
    }

    @Test
    void aFileThatIsNotUtf8SaysSoAndWhere(@TempDir Path tmp) throws Exception {
        Path latin1 = tmp.resolve("latin1.yaml");
        Files.write(latin1, "name: x\nvariants: [ { name: full, label: caf\u00e9 } ]\n".getBytes(StandardCharsets.ISO_8859_1));
        ConfigException e = assertThrows(ConfigException.class, () -> ConfigLoader.load(latin1));
        assertEquals(latin1 + ":2:37: the file is not UTF-8 text (byte 0xE9)", e.getMessage());
    }
}
