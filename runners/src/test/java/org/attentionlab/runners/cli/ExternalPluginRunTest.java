package org.attentionlab.runners.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.attentionlab.core.plugin.ApiVersion;
import org.attentionlab.core.plugin.PluginJar;
import org.attentionlab.core.testing.PluginJars;
import org.attentionlab.runners.results.ResultsJson;
import org.attentionlab.runners.results.ResultsReader;
import org.attentionlab.runners.results.RunResults;
import org.attentionlab.runners.results.RunStart;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A plugin from outside the repository through the command line: {@code --plugin-path}, {@code ATTNLAB_PLUGIN_PATH}
 * and {@code plugins:} reach {@code plugins}, {@code validate} and {@code run}; run.json and results.json record the
 * jar; a resume with a changed jar is refused; each bad plugin path is one line and exit 2.
 */
class ExternalPluginRunTest {

    @TempDir
    Path tmp;

    @AfterEach
    void restoreEnvironment() {
        PluginPathOption.environment = System::getenv;
    }

    private Path bandJar(String file, String description) {
        return PluginJars.plugin("org.example.band", "ext-band", "\"" + description + "\"")
                .manifest("Implementation-Version", "0.3.0").writeTo(tmp.resolve(file), tmp);
    }

    private static String sha256(Path file) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    private static String kernelConfig(Path out, String pluginsLine) {
        return "name: ext\nkind: kernel\ncontextSizes: [16, 32]\n" + pluginsLine
                + "variants:\n  - { name: full }\n  - { name: ext-band, label: band-2, params: { w: 2 } }\n"
                + "measure: { warmup: 0, repetitions: 2, threads: 1 }\nkernel: { heads: 2, dHead: 8, seed: 3 }\noutput: " + out + "\n";
    }

    @Test
    void pluginsShowsEachPluginsSourceFromTheCommandLineAndTheEnvironment() {
        Path jar = bandJar("ext-band.jar", "banded attention from a jar");
        Cli cli = Cli.run("plugins", "--plugin-path", jar.toString());
        assertEquals(0, cli.code, cli.toString());
        assertTrue(cli.out.lines().findFirst().orElseThrow().matches("plugin +label +source +parameter .*"), cli.out);
        assertTrue(cli.out.lines().anyMatch(l -> l.matches("ext-band +training-free approximation +" + java.util.regex.Pattern.quote(jar.toString())
                + " +banded attention from a jar")), cli.out);
        assertTrue(cli.out.lines().anyMatch(l -> l.matches("full +exact +built in +.*")), cli.out);

        PluginPathOption.environment = name -> name.equals("ATTNLAB_PLUGIN_PATH") ? jar.toString() : null;
        Cli fromEnvironment = Cli.run("plugins");
        assertEquals(0, fromEnvironment.code, fromEnvironment.toString());
        assertTrue(fromEnvironment.out.contains(jar.toString()), fromEnvironment.out);
    }

    @Test
    void aKernelRunWithAPluginFromTheExperimentRecordsItsJarAndAResumeRefusesAChangedOne() throws Exception {
        Path jar = bandJar("plugins/ext-band.jar", "band");
        Path config = tmp.resolve("ext.yaml");
        Path out = tmp.resolve("out");
        // relative to the config's folder
        Files.writeString(config, kernelConfig(out, "plugins: [plugins/ext-band.jar]\n"));
        Cli validate = Cli.run("validate", config.toString());
        assertEquals(0, validate.code, validate.toString());

        Cli cli = Cli.sweep(config.toString());
        assertEquals(0, cli.code, cli.toString());
        Path run = Cli.onlyRunFolder(out);
        PluginJar expected = new PluginJar(jar.toString(), sha256(jar), "0.3.0", ApiVersion.current().text());
        RunStart start = ResultsJson.MAPPER.readValue(run.resolve("run.json").toFile(), RunStart.class);
        assertEquals(List.of(expected), start.plugins());
        assertEquals(List.of(jar.toString()), start.config().plugins());
        RunResults results = ResultsReader.read(run);
        assertEquals(List.of(expected), results.plugins());
        // the plugin ran: w = 2 is a band, so the output differs from full attention but agrees closely near the diagonal
        var band = results.cells().stream().filter(c -> c.label().equals("band-2")).findFirst().orElseThrow();
        assertTrue(band.ok(), band.toString());

        // an interrupted copy of the run, resumed after the jar was rebuilt with other bytes: refused
        Path half = tmp.resolve("half");
        Files.createDirectories(half);
        Files.copy(run.resolve("run.json"), half.resolve("run.json"));
        Files.writeString(half.resolve("cells.jsonl"), Files.readAllLines(run.resolve("cells.jsonl")).get(0) + "\n");
        bandJar("plugins/ext-band.jar", "band, rebuilt");
        Cli resumed = Cli.sweep(config.toString(), "--resume", half.toString());
        assertEquals(2, resumed.code, resumed.toString());
        assertEquals("error: cannot resume " + half + ": the plugin jar " + jar + " changed since the run started (SHA-256 "
                + expected.sha256().substring(0, 12) + "... then, " + sha256(jar).substring(0, 12) + "... now); start a new run\n", resumed.err);
    }

    @Test
    void aRunWithBuiltInPluginsOnlyRecordsNoJars() throws Exception {
        Path config = tmp.resolve("plain.yaml");
        Path out = tmp.resolve("plain");
        Files.writeString(config, kernelConfig(out, "").replace("  - { name: ext-band, label: band-2, params: { w: 2 } }\n", ""));
        Cli cli = Cli.sweep(config.toString());
        assertEquals(0, cli.code, cli.toString());
        assertNull(ResultsReader.read(Cli.onlyRunFolder(out)).plugins());
    }

    /** Each bad plugin path item of issue 20: exit 2, one line, naming what is wrong. */
    @Test
    void everyBadPluginPathIsOneLineAndExitTwo() throws Exception {
        Path v1 = PluginJars.jar().source("org.example.lib.Greeter", "package org.example.lib;\npublic final class Greeter {\n"
                + "  public static String one() { return \"1\"; }\n}\n").manifest(ApiVersion.MANIFEST_ATTRIBUTE, null)
                .writeTo(tmp.resolve("lib/greeter-1.jar"), tmp);
        Path configureThrows = PluginJars.jar().source("org.example.bad.Module", "package org.example.bad;\n"
                        + "public final class Module extends com.google.inject.AbstractModule implements org.attentionlab.core.plugin.AttentionPluginModule {\n"
                        + "  @Override protected void configure() { throw new IllegalArgumentException(\"bad setting\"); }\n}\n")
                .service("org.example.bad.Module").writeTo(tmp.resolve("throws.jar"), tmp);
        Path full = PluginJars.plugin("org.example.full", "full", "\"another full\"").writeTo(tmp.resolve("full.jar"), tmp);
        Path future = PluginJars.plugin("org.example.f", "future", "\"f\"").manifest(ApiVersion.MANIFEST_ATTRIBUTE, "9.0.0")
                .writeTo(tmp.resolve("future.jar"), tmp);
        Path needsLib = PluginJars.plugin("org.example.m", "needs-lib", "org.example.lib.Greeter.one()").compiledAgainst(v1)
                .writeTo(tmp.resolve("needs-lib.jar"), tmp);
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        Path notZip = Files.writeString(tmp.resolve("fake.jar"), "not a zip");
        ApiVersion api = ApiVersion.current();
        Map<Path, String> expected = new java.util.LinkedHashMap<>();
        expected.put(text, text + " (--plugin-path) is not a jar or a folder");
        expected.put(notZip, "plugin jar " + notZip + " (--plugin-path) is not a jar: not a zip file (zip END header not found)");
        expected.put(v1, "plugin jar " + v1 + " holds no attention plugin: no META-INF/services/org.attentionlab.core.plugin.AttentionPluginModule");
        expected.put(configureThrows, "plugin jar " + configureThrows + ": org.example.bad.Module failed in configure(): java.lang.IllegalArgumentException: bad setting");
        expected.put(full, "attention plugin name 'full' is claimed by both org.attentionlab.plugins.full.FullAttentionModule and org.example.full.Module (" + full + ")");
        expected.put(future, "plugin jar " + future + " was built against plugin API 9.0.0, but this attnlab provides plugin API " + api
                + " (another release line: rebuild the plugin against core-api " + api + ")");
        expected.put(needsLib, "plugin jar " + needsLib + ": org.example.m.Module: cannot build its factory: class org.example.lib.Greeter is missing"
                + " (a library the plugin needs is neither beside it in its folder nor shaded into its jar)");
        for (Map.Entry<Path, String> e : expected.entrySet()) {
            Cli cli = Cli.run("plugins", "--plugin-path", e.getKey().toString());
            assertEquals(2, cli.code, cli.toString());
            assertEquals("error: " + e.getValue() + "\n", cli.err);
        }
    }
}
