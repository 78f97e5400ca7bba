package org.attentionlab.runners;

import static com.tngtech.archunit.lang.syntax.ArchRuleDefinition.noClasses;
import static com.tngtech.archunit.library.Architectures.layeredArchitecture;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.tngtech.archunit.core.domain.JavaClasses;
import com.tngtech.archunit.core.importer.ClassFileImporter;
import com.tngtech.archunit.core.importer.ImportOption;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The runners' packages depend one way: shared data (config, metrics, results, diagnostics, memory) &lt;- plan &lt;-
 * execute &lt;- record, explain &lt;- report, compare &lt;- cli (explain runs the model beside the stages, for the cli only). Checked on the compiled classes, so a fully qualified name
 * counts as much as an import.
 */
class StageDirectionTest {

    private static final String[] SHARED = {"..runners.config..", "..runners.metrics..", "..runners.results..", "..runners.diagnostics..",
        "..runners.memory..", "..runners.tasks.."};
    private static final JavaClasses RUNNERS = new ClassFileImporter()
            .withImportOption(ImportOption.Predefined.DO_NOT_INCLUDE_TESTS)
            .importPackages("org.attentionlab.runners");

    @Test
    void noStageImportsALaterOne() {
        layeredArchitecture().consideringOnlyDependenciesInLayers()
                .layer("cli").definedBy("..runners.cli..")
                .layer("report").definedBy("..runners.report..")
                .layer("compare").definedBy("..runners.compare..")
                .layer("record").definedBy("..runners.record..")
                .layer("explain").definedBy("..runners.explain..")
                .layer("execute").definedBy("..runners.execute..")
                .layer("plan").definedBy("..runners.plan..")
                .layer("shared").definedBy(SHARED)
                .whereLayer("cli").mayNotBeAccessedByAnyLayer()
                .whereLayer("report").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("compare").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("record").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("explain").mayOnlyBeAccessedByLayers("cli")
                .whereLayer("execute").mayOnlyBeAccessedByLayers("record", "explain", "cli")
                .whereLayer("plan").mayOnlyBeAccessedByLayers("execute", "record", "explain", "report", "cli")
                .check(RUNNERS);
    }

    /** Rank of each package: a file may name a package of its own rank or lower (cli is the top). */
    private static final Map<String, Integer> RANK = Map.ofEntries(Map.entry("config", 0), Map.entry("metrics", 0),
            Map.entry("results", 0), Map.entry("diagnostics", 0), Map.entry("memory", 0), Map.entry("tasks", 0), Map.entry("plan", 1),
            Map.entry("execute", 2), Map.entry("record", 3), Map.entry("explain", 3), Map.entry("report", 4), Map.entry("compare", 4),
            Map.entry("cli", 5));
    private static final Pattern NAMED = Pattern.compile("org\\.attentionlab\\.runners\\.(\\w+)\\.");

    /**
     * The same rule on the sources: the compiled classes miss a later stage's constant, which javac copies
     * into the class that reads it, so an import made only for a constant is caught here.
     */
    @Test
    void noSourceNamesALaterStage() throws IOException {
        Path root = Path.of("src/main/java/org/attentionlab/runners");
        List<String> violations = new ArrayList<>();
        try (Stream<Path> files = Files.walk(root)) {
            for (Path file : files.filter(p -> p.toString().endsWith(".java")).toList()) {
                String pkg = root.relativize(file).getName(0).toString();
                assertTrue(RANK.containsKey(pkg), "a runners package without a stage: " + pkg + " (add it to the ranks)");
                Matcher m = NAMED.matcher(Files.readString(file));
                while (m.find()) {
                    String named = m.group(1);
                    if (RANK.containsKey(named) && RANK.get(named) > RANK.get(pkg)) {
                        violations.add(root.relativize(file) + " names " + named);
                    }
                }
            }
        }
        assertEquals(List.of(), violations);
    }

    @Test
    void sharedDataKnowsNoStage() {
        noClasses().that().resideInAnyPackage(SHARED)
                .should().dependOnClassesThat().resideInAnyPackage("..runners.plan..", "..runners.execute..", "..runners.record..",
                        "..runners.report..", "..runners.compare..", "..runners.cli..", "..runners.explain..")
                .check(RUNNERS);
    }
}
