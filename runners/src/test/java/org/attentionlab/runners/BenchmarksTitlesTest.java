package org.attentionlab.runners;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * BENCHMARKS.md's readers know the tool by commits and machines, not by the work sequence: every section title
 * names the machine (CPU and vector extension) and the commit its figures were taken on, and none says "Stop N".
 */
class BenchmarksTitlesTest {

    private static final Pattern MACHINE = Pattern.compile("(Intel Xeon|AMD EPYC) \\([^)]*(AVX2|AVX-512)\\)");
    private static final Pattern COMMIT = Pattern.compile("commits? [0-9a-f]{7}");

    @Test
    void everySectionTitleNamesItsMachineAndCommit() throws IOException {
        List<String> titles = Files.readAllLines(Path.of("../BENCHMARKS.md")).stream().filter(l -> l.startsWith("## ")).toList();
        assertFalse(titles.isEmpty());
        for (String title : titles) {
            assertTrue(MACHINE.matcher(title).find(), "no machine in: " + title);
            assertTrue(COMMIT.matcher(title).find(), "no commit in: " + title);
            assertFalse(title.toLowerCase(java.util.Locale.ROOT).contains("stop "), title);
        }
    }
}
