package org.attentionlab.core.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.jar.Attributes;
import java.util.jar.JarEntry;
import java.util.jar.JarOutputStream;
import java.util.jar.Manifest;
import java.util.stream.Stream;
import javax.tools.JavaCompiler;
import javax.tools.ToolProvider;
import org.attentionlab.core.plugin.ApiVersion;
import org.attentionlab.core.plugin.AttentionPluginModule;

/**
 * Builds plugin jars the way a plugin's Maven build does (maven-jar-plugin: the manifest first, with
 * {@code Implementation-Version} and the {@code Attnlab-Plugin-Api-Version} it was built against, then the
 * compiled classes and {@code META-INF/services}), from Java sources compiled here against core-api and Guice,
 * so that tests load plugins from outside the class path.
 */
public final class PluginJars {

    private final Map<String, String> sources = new LinkedHashMap<>();
    private final Map<String, String> resources = new LinkedHashMap<>();
    private final Map<String, String> manifest = new LinkedHashMap<>();
    private final List<Path> classpath = new ArrayList<>();

    private PluginJars() {
        manifest.put(ApiVersion.MANIFEST_ATTRIBUTE, ApiVersion.current().text());
    }

    /** An empty jar description: built against this core-api's plugin API version, no sources yet. */
    public static PluginJars jar() {
        return new PluginJars();
    }

    /**
     * A plugin jar of one module and one factory registering {@code name}: sliding-window-like banded attention
     * (the block-sparse engine over {@code window(w)}) with one integer parameter {@code w} (default 4); the
     * factory's description is {@code description}, a Java expression evaluated in its constructor.
     *
     * @param pkg the Java package of the plugin's classes (two plugins in one test need two)
     */
    public static PluginJars plugin(String pkg, String name, String descriptionExpression) {
        String module = pkg + ".Module";
        return jar()
                .source(pkg + ".Params", "package " + pkg + ";\npublic record Params(int w) {}\n")
                .source(pkg + ".Factory", "package " + pkg + ";\n"
                        + "import java.util.List;\n"
                        + "import org.attentionlab.core.attention.*;\n"
                        + "import org.attentionlab.core.plugin.*;\n"
                        + "public final class Factory extends TypedAttentionFactory<Params> {\n"
                        + "  public Factory() { super(\"" + name + "\", " + descriptionExpression + ", Exactness.TRAINING_FREE, Params.class,\n"
                        + "      List.of(ParamSpec.integer(\"w\", 4, 0, 1 << 20, \"band half-width\"))); }\n"
                        + "  @Override protected Attention create(Params p) {\n"
                        + "    return new org.attentionlab.core.sparse.BlockSparseAttention(org.attentionlab.core.mask.Masks.window(p.w()), null, 16); }\n"
                        + "}\n")
                .source(module, "package " + pkg + ";\n"
                        + "import org.attentionlab.core.plugin.AttentionPluginModule;\n"
                        + "public final class Module extends com.google.inject.AbstractModule implements AttentionPluginModule {\n"
                        + "  @Override protected void configure() { AttentionPluginModule.registerFactory(binder(), \"" + name + "\", Factory.class); }\n"
                        + "}\n")
                .service(module);
    }

    /** Adds a Java source file, named by its class's binary name. */
    public PluginJars source(String className, String javaSource) {
        sources.put(className, javaSource);
        return this;
    }

    /** Lists {@code moduleClass} in {@code META-INF/services/org.attentionlab.core.plugin.AttentionPluginModule}. */
    public PluginJars service(String moduleClass) {
        return resource("META-INF/services/" + AttentionPluginModule.class.getName(), moduleClass + "\n");
    }

    /** Adds a text file at {@code path} inside the jar. */
    public PluginJars resource(String path, String text) {
        resources.put(path, text);
        return this;
    }

    /** Sets a main manifest attribute (null removes it). */
    public PluginJars manifest(String attribute, String value) {
        if (value == null) {
            manifest.remove(attribute);
        } else {
            manifest.put(attribute, value);
        }
        return this;
    }

    /** Compiles against these jars too (a library the plugin uses). */
    public PluginJars compiledAgainst(Path jar) {
        classpath.add(jar);
        return this;
    }

    /** Compiles the sources into a temp folder under {@code work} and writes the jar at {@code jarFile}. */
    public Path writeTo(Path jarFile, Path work) {
        try {
            Path classes = Files.createTempDirectory(work, "classes");
            compile(classes);
            Files.createDirectories(jarFile.toAbsolutePath().getParent());
            Manifest mf = new Manifest();
            mf.getMainAttributes().put(Attributes.Name.MANIFEST_VERSION, "1.0");
            manifest.forEach((k, v) -> mf.getMainAttributes().putValue(k, v));
            try (OutputStream file = Files.newOutputStream(jarFile); JarOutputStream jar = new JarOutputStream(file, mf)) {
                try (Stream<Path> walk = Files.walk(classes)) {
                    for (Path p : walk.filter(Files::isRegularFile).sorted().toList()) {
                        jar.putNextEntry(new JarEntry(classes.relativize(p).toString().replace('\\', '/')));
                        jar.write(Files.readAllBytes(p));
                        jar.closeEntry();
                    }
                }
                for (Map.Entry<String, String> r : resources.entrySet()) {
                    jar.putNextEntry(new JarEntry(r.getKey()));
                    jar.write(r.getValue().getBytes(StandardCharsets.UTF_8));
                    jar.closeEntry();
                }
            }
            return jarFile;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void compile(Path classes) throws IOException {
        if (sources.isEmpty()) {
            return;
        }
        Path src = Files.createTempDirectory(classes.getParent(), "src");
        List<String> args = new ArrayList<>(List.of("-d", classes.toString(), "--release", "17", "-proc:none",
                "-classpath", String.join(java.io.File.pathSeparator, compileClasspath())));
        for (Map.Entry<String, String> s : sources.entrySet()) {
            Path file = src.resolve(s.getKey().replace('.', '/') + ".java");
            Files.createDirectories(file.getParent());
            Files.writeString(file, s.getValue());
            args.add(file.toString());
        }
        JavaCompiler javac = ToolProvider.getSystemJavaCompiler();
        java.io.StringWriter log = new java.io.StringWriter();
        int rc = javac.run(null, null, new java.io.PrintStream(new java.io.ByteArrayOutputStream()) {
            @Override
            public void write(byte[] b, int off, int len) {
                log.write(new String(b, off, len, StandardCharsets.UTF_8));
            }
        }, args.toArray(String[]::new));
        if (rc != 0) {
            throw new IllegalStateException("test plugin does not compile:\n" + log);
        }
    }

    /** core-api, Guice and its jakarta.inject, and the libraries given: what a plugin's pom puts on its classpath. */
    private List<String> compileClasspath() {
        List<String> cp = new ArrayList<>();
        for (Class<?> type : List.of(AttentionPluginModule.class, com.google.inject.Module.class, jakarta.inject.Inject.class)) {
            cp.add(location(type).toString());
        }
        classpath.forEach(p -> cp.add(p.toString()));
        return cp;
    }

    private static Path location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain().getCodeSource().getLocation().toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
