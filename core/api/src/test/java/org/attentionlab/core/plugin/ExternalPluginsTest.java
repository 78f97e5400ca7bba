package org.attentionlab.core.plugin;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.attentionlab.core.attention.Attention;
import org.attentionlab.core.attention.AttentionInput;
import org.attentionlab.core.testing.PluginJars;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Plugins from jars and folders outside the class path: isolation, provenance, and every refusal in one line. */
class ExternalPluginsTest {

    private static final String SERVICE = "META-INF/services/org.attentionlab.core.plugin.AttentionPluginModule";

    @TempDir
    Path tmp;

    private static List<PluginPathEntry> path(Path... entries) {
        return java.util.Arrays.stream(entries).map(p -> new PluginPathEntry(p, "--plugin-path")).toList();
    }

    private static String load(List<PluginPathEntry> path) {
        return assertThrows(PluginLoadException.class, () -> PluginRegistry.load(path)).getMessage();
    }

    /** A library whose two versions cannot both be on one class path: v1 has one(), v2 replaced it with two(). */
    private Path library(String version, String method, String value) {
        return PluginJars.jar().source("org.example.lib.Greeter", "package org.example.lib;\npublic final class Greeter {\n"
                        + "  public static String " + method + "() { return \"" + value + "\"; }\n}\n")
                .manifest(ApiVersionAttribute.NAME, null)
                .writeTo(tmp.resolve("lib-" + version + "/greeter-" + version + ".jar"), tmp);
    }

    @Test
    void aJarPluginIsFoundWithItsSourceAndItsJarIsRecorded() throws Exception {
        Path jar = PluginJars.plugin("org.example.band", "ext-band", "\"banded attention from a jar\"")
                .manifest("Implementation-Version", "1.2.3").writeTo(tmp.resolve("ext-band.jar"), tmp);
        PluginRegistry registry = PluginRegistry.load(path(jar));
        assertTrue(registry.names().containsAll(List.of("ext-band", "probe")), registry.names().toString());
        assertEquals(jar.toString(), registry.source("ext-band"));
        assertEquals(PluginRegistry.BUILT_IN, registry.source("probe"));
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(jar)));
        assertEquals(List.of(new PluginJar(jar.toString(), sha, "1.2.3", ApiVersion.current().text())), registry.jars());
        assertEquals("banded attention from a jar", registry.factory("ext-band").info().description());
        // it computes: w = 0 is attention to itself alone, so the output is v
        Attention attention = registry.factory("ext-band").create(Map.of("w", 0));
        float[][] q = {{1, 0, 0, 1}}, k = {{0, 1, 1, 0}}, v = {{3, 4, 5, 6}};
        float[][] out = new float[1][4];
        attention.forward(new AttentionInput(q, k, v, 2, 2, null, false), out);
        assertEquals(List.of(3f, 4f, 5f, 6f), List.of(out[0][0], out[0][1], out[0][2], out[0][3]));
        // the same jar twice on the path (say, from the environment and the command line) is loaded once
        assertEquals(registry.names(), PluginRegistry.load(List.of(new PluginPathEntry(jar, "ATTNLAB_PLUGIN_PATH"),
                new PluginPathEntry(tmp.resolve(".").resolve("ext-band.jar"), "--plugin-path"))).names());
    }

    @Test
    void twoPluginsWithConflictingVersionsOfOneLibraryBothWork() throws Exception {
        Path v1 = library("1", "one", "from greeter 1");
        Path v2 = library("2", "two", "from greeter 2");
        Path a = tmp.resolve("plugin-a");
        Path b = tmp.resolve("plugin-b");
        Files.createDirectories(a);
        Files.createDirectories(b);
        PluginJars.plugin("org.example.a", "uses-one", "org.example.lib.Greeter.one()").compiledAgainst(v1)
                .writeTo(a.resolve("plugin-a.jar"), tmp);
        Files.copy(v1, a.resolve("greeter-1.jar"));
        PluginJars.plugin("org.example.b", "uses-two", "org.example.lib.Greeter.two()").compiledAgainst(v2)
                .writeTo(b.resolve("plugin-b.jar"), tmp);
        Files.copy(v2, b.resolve("greeter-2.jar"));

        PluginRegistry registry = PluginRegistry.load(path(a, b));
        // each plugin called the version beside it: with one shared class path, one of them would get NoSuchMethodError
        assertEquals("from greeter 1", registry.factory("uses-one").info().description());
        assertEquals("from greeter 2", registry.factory("uses-two").info().description());
        assertEquals(a.resolve("plugin-a.jar").toString(), registry.source("uses-one"));
        assertEquals(4, registry.jars().size());
        // and neither version leaked into the core's class path
        assertThrows(ClassNotFoundException.class, () -> Class.forName("org.example.lib.Greeter"));
    }

    @Test
    void aPluginSeesThePluginApiButNotTheRestOfTheCoresClassPath() {
        // JUnit is on this test's class path, as the runners' libraries are on attnlab's: a plugin must not see it
        Path jar = PluginJars.jar()
                .source("org.example.peek.Factory", "package org.example.peek;\nimport java.util.List;\n"
                        + "import org.attentionlab.core.attention.*;\nimport org.attentionlab.core.plugin.*;\n"
                        + "public final class Factory extends TypedAttentionFactory<Object> {\n"
                        + "  static String peek(String c) { try { Class.forName(c, false, Factory.class.getClassLoader()); return \"sees\"; }"
                        + " catch (ClassNotFoundException e) { return \"blind\"; } }\n"
                        + "  public Factory() { super(\"peek\", peek(\"org.junit.jupiter.api.Test\") + \" \" + peek(\"org.attentionlab.core.mask.Masks\"),"
                        + " Exactness.EXACT, Object.class, List.of()); }\n"
                        + "  @Override protected Attention create(Object p) { throw new UnsupportedOperationException(); }\n}\n")
                .source("org.example.peek.Module", "package org.example.peek;\n"
                        + "public final class Module extends com.google.inject.AbstractModule implements org.attentionlab.core.plugin.AttentionPluginModule {\n"
                        + "  @Override protected void configure() { org.attentionlab.core.plugin.AttentionPluginModule.registerFactory(binder(), \"peek\", Factory.class); }\n}\n")
                .service("org.example.peek.Module").writeTo(tmp.resolve("peek2.jar"), tmp);
        assertEquals("blind sees", PluginRegistry.load(path(jar)).factory("peek").info().description());
    }

    @Test
    void aPathThatIsNotAJarOrAFolderIsOneLine() throws Exception {
        Path text = Files.writeString(tmp.resolve("notes.txt"), "hello");
        assertEquals(text + " (--plugin-path) is not a jar or a folder", load(path(text)));
        Path missing = tmp.resolve("missing.jar");
        assertEquals(missing + " (--plugin-path) is not a jar or a folder: no such file", load(path(missing)));
        Path empty = Files.createDirectories(tmp.resolve("empty"));
        assertEquals("plugin folder " + empty + " (--plugin-path) holds no jar", load(path(empty)));
    }

    @Test
    void aJarThatIsNotAZipIsOneLine() throws Exception {
        Path fake = Files.writeString(tmp.resolve("fake.jar"), "this is text, not a zip");
        assertEquals("plugin jar " + fake + " (--plugin-path) is not a jar: not a zip file (zip END header not found)", load(path(fake)));
    }

    @Test
    void aJarWithoutAPluginModuleIsOneLine() {
        Path lib = library("1", "one", "x");
        assertEquals("plugin jar " + lib + " holds no attention plugin: no " + SERVICE, load(path(lib)));
    }

    @Test
    void aModuleWhoseConfigureThrowsNamesTheJarAndTheException() {
        Path jar = PluginJars.jar().source("org.example.bad.Module", "package org.example.bad;\n"
                        + "public final class Module extends com.google.inject.AbstractModule implements org.attentionlab.core.plugin.AttentionPluginModule {\n"
                        + "  @Override protected void configure() { throw new IllegalStateException(\"no GPU here\\nsecond line\"); }\n}\n")
                .service("org.example.bad.Module").writeTo(tmp.resolve("bad.jar"), tmp);
        assertEquals("plugin jar " + jar + ": org.example.bad.Module failed in configure(): java.lang.IllegalStateException: no GPU here",
                load(path(jar)));
    }

    @Test
    void twoPluginsWithOneNameAreNamedWithBothSources() {
        Path first = PluginJars.plugin("org.example.one", "twin", "\"one\"").writeTo(tmp.resolve("one.jar"), tmp);
        Path second = PluginJars.plugin("org.example.two", "twin", "\"two\"").writeTo(tmp.resolve("two.jar"), tmp);
        assertEquals("attention plugin name 'twin' is claimed by both org.example.one.Module (" + first + ") and org.example.two.Module ("
                + second + ")", load(path(first, second)));
        Path probe = PluginJars.plugin("org.example.p", "probe", "\"another probe\"").writeTo(tmp.resolve("probe.jar"), tmp);
        assertEquals("attention plugin name 'probe' is claimed by both org.attentionlab.core.plugin.ProbePluginModule and"
                + " org.example.p.Module (" + probe + ")", load(path(probe)));
    }

    @Test
    void anIncompatibleApiVersionNamesBothVersions() {
        ApiVersion current = ApiVersion.current();
        String nextLine = current.major() == 0 ? "0." + (current.minor() + 1) + ".0" : (current.major() + 1) + ".0.0";
        Path future = PluginJars.plugin("org.example.f", "future", "\"f\"").manifest(ApiVersionAttribute.NAME, nextLine)
                .writeTo(tmp.resolve("future.jar"), tmp);
        assertEquals("plugin jar " + future + " was built against plugin API " + nextLine + ", but this attnlab provides plugin API "
                + current + " (another release line: rebuild the plugin against core-api " + current + ")", load(path(future)));
        String newer = current.major() + "." + current.minor() + "." + (current.patch() + 1);
        Path ahead = PluginJars.plugin("org.example.n", "newer", "\"n\"").manifest(ApiVersionAttribute.NAME, newer)
                .writeTo(tmp.resolve("newer.jar"), tmp);
        assertTrue(load(path(ahead)).startsWith("plugin jar " + ahead + " was built against plugin API " + newer
                + ", newer than this attnlab's plugin API " + current), load(path(ahead)));
        Path unversioned = PluginJars.plugin("org.example.u", "unversioned", "\"u\"").manifest(ApiVersionAttribute.NAME, null)
                .writeTo(tmp.resolve("unversioned.jar"), tmp);
        assertEquals("plugin jar " + unversioned + " declares no plugin API version (manifest attribute Attnlab-Plugin-Api-Version,"
                + " which a project made from attnlab-plugin-archetype writes); this attnlab provides " + current, load(path(unversioned)));
    }

    @Test
    void aMissingDependencyNamesTheClassAndTheJar() {
        Path v1 = library("1", "one", "from greeter 1");
        Path jar = PluginJars.plugin("org.example.m", "needs-lib", "org.example.lib.Greeter.one()").compiledAgainst(v1)
                .writeTo(tmp.resolve("needs-lib.jar"), tmp);
        assertEquals("plugin jar " + jar + ": org.example.m.Module: cannot build its factory: class org.example.lib.Greeter is missing"
                + " (a library the plugin needs is neither beside it in its folder nor shaded into its jar)", load(path(jar)));
    }

    /** The manifest attribute's name, spelled once for these tests. */
    private static final class ApiVersionAttribute {
        static final String NAME = ApiVersion.MANIFEST_ATTRIBUTE;
    }
}
